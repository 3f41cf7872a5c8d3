// GET /v1/faq: the knowledge base as a list of questions with their short
// answers and reference numbers, so that a site can render a FAQ page from
// the very content the bot answers with. Built once per knowledge base.
#pragma once

#include <memory>
#include <string>

#include "bot/common/mutex.h"

namespace gutbot::knowledge {
class KnowledgeBase;
}

namespace gutbot::adapters {

struct FaqDocument {
  std::string body;  // JSON: {"knowledge_base", "source", "disclaimer", "entries": [...]}
  std::string etag;  // a strong validator: the body's SHA-256, quoted
};

// Every domain topic in the base's order: {"id", "intent", "question",
// "answer", "references"}. Conversation topics (greeting, help...) are left out.
FaqDocument BuildFaq(const knowledge::KnowledgeBase& kb);

// The document of the knowledge base serving now, rebuilt after a reload.
// Thread-safe.
class FaqCache {
 public:
  std::shared_ptr<const FaqDocument> get(const std::shared_ptr<const knowledge::KnowledgeBase>& kb);

 private:
  bot::Mutex mutex_;
  std::shared_ptr<const knowledge::KnowledgeBase> kb_ GUARDED_BY(mutex_);
  std::shared_ptr<const FaqDocument> document_ GUARDED_BY(mutex_);
};

}  // namespace gutbot::adapters
