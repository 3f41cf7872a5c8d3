#include "intents/synonyms.h"

namespace gutbot::intents {

SynonymMap::SynonymMap(const std::map<std::string, std::vector<std::string>>& synonyms) {
  for (const auto& [canonical, variants] : synonyms) {
    std::vector<Term> canonical_terms = PhraseTerms(canonical);
    if (canonical_terms.empty()) continue;
    for (Term& term : canonical_terms) term.synonym = true;
    const auto payload = static_cast<std::uint32_t>(canonicals_.size());
    canonicals_.push_back(std::move(canonical_terms));
    for (const std::string& variant : variants) matcher_.add(PhraseTerms(variant), payload);
  }
  matcher_.finish();
}

void SynonymMap::apply(const std::vector<Term>& in, std::vector<Term>& out) const {
  out.clear();
  for (std::size_t i = 0; i < in.size();) {
    const PhraseMatcher::Match match = matcher_.longest_at(in, i);
    if (match.length == 0) {
      out.push_back(in[i++]);
      continue;
    }
    // A variant listed under several canonicals maps to the first in name order.
    const std::uint32_t start = in[i].start;
    const std::uint32_t end = in[i + match.length - 1].end;
    for (const Term& term : canonicals_[match.payloads.front()]) {
      out.push_back(term);
      out.back().start = start;
      out.back().end = end;
    }
    i += match.length;
  }
}

}  // namespace gutbot::intents
