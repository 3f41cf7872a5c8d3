// GET /faq's page: the FAQ data (FaqData in faq.h) as one HTML document
// that reads without JavaScript. Topics are grouped by the source's
// sections; each shows its short answer, its detail in <details>, its
// reference numbers and the source, under an anchor named by its topic id
// (/faq#cause_stress), so that a chat answer can link to it. The same
// questions go into schema.org FAQPage JSON-LD for search engines. Every
// text is escaped; the page runs no script of its own. Pure function.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace gutbot::adapters {

std::string RenderFaqPage(const nlohmann::json& faq);

}  // namespace gutbot::adapters
