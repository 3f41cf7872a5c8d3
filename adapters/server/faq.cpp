#include "adapters/server/faq.h"

#include <nlohmann/json.hpp>

#include "adapters/server/faq_page.h"
#include "bot/common/digest.h"
#include "bot/common/hex.h"
#include "bot/common/json_text.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::adapters {
FaqDocument DocumentWithEtag(std::string body) {
  FaqDocument document{std::move(body), "\""};
  document.etag += bot::HexEncode(bot::Sha256(document.body));
  document.etag += '"';
  return document;
}

nlohmann::json FaqData(const knowledge::KnowledgeBase& kb) {
  nlohmann::json entries = nlohmann::json::array();
  for (const knowledge::Topic& topic : kb.topics) {
    if (!kb.is_domain_intent(topic.intent)) continue;
    entries.push_back({{"id", topic.id},
                       {"intent", topic.intent},
                       {"section", topic.section},
                       {"title", topic.title},
                       {"question", topic.question.empty() ? topic.title : topic.question},
                       {"answer", topic.short_answer},
                       {"detail", topic.detail},
                       {"references", topic.citations}});
  }
  nlohmann::json sections = nlohmann::json::array();
  for (const knowledge::Section& section : kb.sections) {
    sections.push_back({{"id", section.id}, {"title", section.title}});
  }
  return {
      {"knowledge_base", kb.name},
      {"subject", kb.subject},
      {"source",
       {{"title", kb.source.title},
        {"author", kb.source.author},
        {"reviewer", kb.source.reviewer},
        {"url", kb.source.url}}},
      {"disclaimer", kb.phrases.disclaimer},
      {"sections", std::move(sections)},
      {"entries", std::move(entries)},
  };
}

Faq BuildFaq(const knowledge::KnowledgeBase& kb) {
  const nlohmann::json data = FaqData(kb);
  return {DocumentWithEtag(bot::JsonText(data)),
          DocumentWithEtag(RenderFaqPage(data, WordingOf(kb)))};
}

std::shared_ptr<const Faq> FaqCache::get(
    const std::shared_ptr<const knowledge::KnowledgeBase>& kb) {
  bot::MutexLock lock(mutex_);
  if (kb != kb_) {
    faq_ = std::make_shared<const Faq>(BuildFaq(*kb));
    kb_ = kb;
  }
  return faq_;
}

}  // namespace gutbot::adapters
