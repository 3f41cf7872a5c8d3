// The knowledge base as a FAQ, in two forms built from the same data:
// GET /v1/faq's JSON, so that a site (or /faq.js) can render it, and GET
// /faq's page, readable without JavaScript. Built once per knowledge base.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "bot/common/mutex.h"

namespace gutbot::knowledge {
class KnowledgeBase;
}

namespace gutbot::adapters {

struct FaqDocument {
  std::string body;
  std::string etag;  // a strong validator: the body's SHA-256, quoted
};

// `body` with its ETag.
FaqDocument DocumentWithEtag(std::string body);

// One knowledge base's FAQ: its JSON ({"knowledge_base", "subject",
// "source", "disclaimer", "sections", "entries"}) and its HTML page.
struct Faq {
  FaqDocument json;
  FaqDocument page;
};

// The FAQ's data: every domain topic in the base's order, as {"id",
// "intent", "section", "title", "question" (the topic's, or its title),
// "answer", "detail", "references"}, and
// the base's sections ([{"id", "title"}], in the source's order).
// Conversation topics (greeting, help...) are left out.
nlohmann::json FaqData(const knowledge::KnowledgeBase& kb);

// Both forms of `kb`'s FAQ.
Faq BuildFaq(const knowledge::KnowledgeBase& kb);

// The FAQ of the knowledge base serving now, rebuilt after a reload.
// Thread-safe.
class FaqCache {
 public:
  std::shared_ptr<const Faq> get(const std::shared_ptr<const knowledge::KnowledgeBase>& kb);

 private:
  bot::Mutex mutex_;
  std::shared_ptr<const knowledge::KnowledgeBase> kb_ GUARDED_BY(mutex_);
  std::shared_ptr<const Faq> faq_ GUARDED_BY(mutex_);
};

}  // namespace gutbot::adapters
