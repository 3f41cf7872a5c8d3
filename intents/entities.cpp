#include "intents/entities.h"

namespace gutbot::intents {

EntityMatcher::EntityMatcher(
    const std::map<std::string, std::map<std::string, std::vector<std::string>>>& entities) {
  for (const auto& [type, values] : entities) {
    for (const auto& [value, forms] : values) {
      const auto payload = static_cast<std::uint32_t>(values_.size());
      values_.push_back({type, value});
      matcher_.add(PhraseTerms(value), payload);
      for (const std::string& form : forms) matcher_.add(PhraseTerms(form), payload);
    }
  }
  matcher_.finish();
}

void EntityMatcher::find(std::span<const Term> terms, std::vector<Entity>& out) const {
  if (matcher_.empty()) return;
  for (std::size_t i = 0; i < terms.size();) {
    const PhraseMatcher::Match match = matcher_.longest_at(terms, i);
    if (match.length == 0) {
      ++i;
      continue;
    }
    for (const std::uint32_t payload : match.payloads) {
      const Value& v = values_[payload];
      out.push_back({v.type, v.value, terms[i].start, terms[i + match.length - 1].end});
    }
    i += match.length;
  }
}

}  // namespace gutbot::intents
