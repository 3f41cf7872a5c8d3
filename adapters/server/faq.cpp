#include "adapters/server/faq.h"

#include <nlohmann/json.hpp>

#include "bot/common/digest.h"
#include "bot/common/hex.h"
#include "bot/common/json_text.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::adapters {
namespace {

std::string QuotedSha256(const std::string& text) {
  std::string quoted = "\"";
  quoted += bot::HexEncode(bot::Sha256(text));
  quoted += '"';
  return quoted;
}

}  // namespace

FaqDocument BuildFaq(const knowledge::KnowledgeBase& kb) {
  nlohmann::json entries = nlohmann::json::array();
  for (const knowledge::Topic& topic : kb.topics) {
    if (!kb.is_domain_intent(topic.intent)) continue;
    entries.push_back({{"id", topic.id},
                       {"intent", topic.intent},
                       {"question", topic.title},
                       {"answer", topic.short_answer},
                       {"references", topic.citations}});
  }
  const nlohmann::json doc = {
      {"knowledge_base", kb.name},
      {"source",
       {{"title", kb.source.title},
        {"author", kb.source.author},
        {"reviewer", kb.source.reviewer}}},
      {"disclaimer", kb.phrases.disclaimer},
      {"entries", std::move(entries)},
  };
  FaqDocument out;
  out.body = bot::JsonText(doc);
  out.etag = QuotedSha256(out.body);
  return out;
}

std::shared_ptr<const FaqDocument> FaqCache::get(
    const std::shared_ptr<const knowledge::KnowledgeBase>& kb) {
  bot::MutexLock lock(mutex_);
  if (kb != kb_) {
    document_ = std::make_shared<const FaqDocument>(BuildFaq(*kb));
    kb_ = kb;
  }
  return document_;
}

}  // namespace gutbot::adapters
