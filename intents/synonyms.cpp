#include "intents/synonyms.h"

#include "intents/word_lists.h"

namespace gutbot::intents {
namespace {

// Stems join more than forms of one word ("tires" and "tired" are both
// "tire"): a message's word takes a variant's place when it is that word,
// one of them extends the other ("stools", "tiredness"), or it is no English
// word at all (a typo the speller left).
bool SameWord(const Term& variant, const Term& typed) {
  const std::string& a = variant.word;
  const std::string& b = typed.word;
  return a.rfind(b, 0) == 0 || b.rfind(a, 0) == 0 || !IsEnglishWord(b);
}

}  // namespace

SynonymMap::SynonymMap(const std::map<std::string, std::vector<std::string>>& synonyms) {
  for (const auto& [canonical, variants] : synonyms) {
    std::vector<Term> canonical_terms = PhraseTerms(canonical);
    if (canonical_terms.empty()) continue;
    for (Term& term : canonical_terms) term.synonym = true;
    const auto index = static_cast<std::uint32_t>(canonicals_.size());
    canonicals_.push_back(std::move(canonical_terms));
    for (const std::string& variant : variants) {
      const auto payload = static_cast<std::uint32_t>(variants_.size());
      variants_.push_back({PhraseTerms(variant), index});
      matcher_.add(variants_.back().terms, payload);
    }
  }
  matcher_.finish();
}

void SynonymMap::apply(const std::vector<Term>& in, std::vector<Term>& out) const {
  out.clear();
  for (std::size_t i = 0; i < in.size();) {
    const PhraseMatcher::Match match = matcher_.longest_at(in, i);
    // The first variant, in name order, whose words are the typed ones.
    const Variant* found = nullptr;
    for (std::size_t p = 0; p < match.payloads.size() && !found; ++p) {
      const Variant& v = variants_[match.payloads[p]];
      bool same = true;
      for (std::size_t k = 0; k < match.length && same; ++k) same = SameWord(v.terms[k], in[i + k]);
      if (same) found = &v;
    }
    if (!found) {
      out.push_back(in[i++]);
      continue;
    }
    const std::uint32_t start = in[i].start;
    const std::uint32_t end = in[i + match.length - 1].end;
    for (const Term& term : canonicals_[found->canonical]) {
      out.push_back(term);
      out.back().start = start;
      out.back().end = end;
    }
    i += match.length;
  }
}

}  // namespace gutbot::intents
