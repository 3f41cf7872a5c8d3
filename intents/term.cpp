#include "intents/term.h"

#include <utility>

#include "intents/hashing.h"
#include "intents/normalizer.h"
#include "intents/stemmer.h"
#include "intents/word_lists.h"

namespace gutbot::intents {

Term MakeTerm(std::string word, std::uint32_t start, std::uint32_t end) {
  Term term;
  term.stem = Stem(word);
  term.stem_hash = HashString(term.stem);
  term.stopword = IsStopword(word);
  term.grammar = term.stopword || IsFunctionWord(word);
  term.word = std::move(word);
  term.start = start;
  term.end = end;
  return term;
}

std::vector<Term> PhraseTerms(std::string_view phrase) {
  std::vector<Term> terms;
  for (Token& token : Normalize(phrase)) {
    terms.push_back(MakeTerm(std::move(token.text), token.start, token.end));
  }
  return terms;
}

}  // namespace gutbot::intents
