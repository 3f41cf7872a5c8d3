#include "knowledge/knowledge_base.h"

#include <algorithm>

namespace gutbot::knowledge {

const Topic* KnowledgeBase::find(const std::string& topic_id) const {
  auto it = by_id_.find(topic_id);
  return it == by_id_.end() ? nullptr : &topics[it->second];
}

const Topic* KnowledgeBase::first_of_intent(const std::string& intent) const {
  auto it = first_by_intent_.find(intent);
  return it == first_by_intent_.end() ? nullptr : &topics[it->second];
}

bool KnowledgeBase::is_domain_intent(const std::string& intent) const {
  return std::find(domain_intents.begin(), domain_intents.end(), intent) != domain_intents.end();
}

std::string FillPlaceholders(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + name + "}";
    for (auto pos = text.find(key); pos != std::string::npos;
         pos = text.find(key, pos + value.size())) {
      text.replace(pos, key.size(), value);
    }
  }
  return text;
}

const std::string& KnowledgeBase::phrase(const std::string& name) const {
  static const std::string kEmpty;
  auto it = phrases.templates.find(name);
  return it == phrases.templates.end() ? kEmpty : it->second;
}

void KnowledgeBase::index() {
  by_id_.clear();
  first_by_intent_.clear();
  for (std::size_t i = 0; i < topics.size(); ++i) {
    by_id_.emplace(topics[i].id, i);
    first_by_intent_.emplace(topics[i].intent, i);
  }
}

}  // namespace gutbot::knowledge
