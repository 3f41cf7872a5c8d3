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

namespace gutbot::knowledge {
class KnowledgeBase;
}

namespace gutbot::adapters {

// The page's own words. A knowledge base rewords any of them with the
// phrase template named in brackets (kb.json "phrases"/"templates"), so a
// base in another language brings its page's wording too; English
// otherwise. Placeholders as shown.
struct FaqWording {
  std::string language = "en";                        // [faq_language], <html lang>
  std::string heading = "Questions about {subject}";  // [faq_heading]
  std::string intro = "Answers from {article}.";      // [faq_intro]
  std::string article = "the article \u201c{title}\u201d by {author}";   // [faq_article]
  std::string reviewed = "{article}, medically reviewed by {reviewer}";  // [faq_reviewed]
  std::string references = "References {citations} of {article}.";       // [faq_references]
  std::string uncited = "From {article}; this part cites no specific reference.";  // [faq_uncited]
  std::string more = "More on this";                                               // [faq_more]
  std::string one_group = "Questions and answers";                                 // [faq_all]
  std::string subjects = "Subjects";                                               // [faq_subjects]
};

// The wording `kb` sets, English where it sets none.
FaqWording WordingOf(const knowledge::KnowledgeBase& kb);

std::string RenderFaqPage(const nlohmann::json& faq, const FaqWording& wording = {});

}  // namespace gutbot::adapters
