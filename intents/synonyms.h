// The knowledge base's synonyms (canonical -> variants, single or multi-word)
// applied to a message's terms before features, so "advil", "pain killers" and
// "booze" read as the article's words. Built once; immutable, thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "intents/phrase_matcher.h"
#include "intents/term.h"

namespace gutbot::intents {

class SynonymMap {
 public:
  explicit SynonymMap(const std::map<std::string, std::vector<std::string>>& synonyms);

  // Copies `in` to `out` (replacing its contents), with every longest variant
  // match replaced by the canonical term's words spanning the matched text.
  void apply(const std::vector<Term>& in, std::vector<Term>& out) const;

 private:
  struct Variant {
    std::vector<Term> terms;
    std::uint32_t canonical;  // index into canonicals_
  };
  std::vector<std::vector<Term>> canonicals_;
  std::vector<Variant> variants_;  // payload of matcher_ -> the variant it matched
  PhraseMatcher matcher_;
};

}  // namespace gutbot::intents
