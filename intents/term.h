// One analysed word of a message: its normalised form, its stem and where it
// came from in the original text. Plain value; copy freely.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gutbot::intents {

// Term::known of a word outside the analyser's vocabulary.
inline constexpr std::uint32_t kUnknownWord = 0xFFFFFFFF;

struct Term {
  std::string word;             // normalised word, spelling-corrected where it was unknown
  std::string stem;             // Snowball stem of `word`
  std::uint64_t stem_hash = 0;  // HashString(stem)
  std::uint32_t start = 0;      // byte span in the original text
  std::uint32_t end = 0;
  std::uint32_t known = kUnknownWord;  // index of `word` in Analyzer::known_terms()
  bool corrected = false;              // spelling correction replaced the typed word
  bool synonym = false;                // a lexicon synonym replaced the typed words
  bool stopword = false;               // IsStopword(word)
  bool grammar = false;                // IsStopword(word) || IsFunctionWord(word): no subject in it
};

// A term for `word` with its stem and word-list flags worked out.
Term MakeTerm(std::string word, std::uint32_t start, std::uint32_t end);

// Normalised, stemmed terms of a phrase from the knowledge base (no spelling
// correction, no synonyms): how lexicon entries are matched against messages.
std::vector<Term> PhraseTerms(std::string_view phrase);

}  // namespace gutbot::intents
