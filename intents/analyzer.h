// Turns a message into the terms the classifier reads: normalisation, spelling
// correction against the base's vocabulary, Snowball stems, lexicon synonyms.
// Built once per knowledge base; immutable, analyze() is thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "intents/normalizer.h"
#include "intents/spelling.h"
#include "intents/synonyms.h"
#include "intents/term.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::intents {

struct Analysis {
  std::vector<Token> tokens;  // normalised tokens, as typed
  std::vector<Term> surface;  // after spelling correction: what entities are found in
  std::vector<Term> terms;    // after synonyms: what the features are made of
};

class Analyzer {
 public:
  explicit Analyzer(const knowledge::KnowledgeBase& kb, SpellingOptions spelling = {});

  // Replaces the contents of `out`, reusing its buffers.
  void analyze(std::string_view text, Analysis& out) const;

  const SpellingCorrector& speller() const { return speller_; }
  // The term of every known word (the vocabulary and the common words),
  // indexed by Term::known.
  const std::vector<Term>& known_terms() const { return known_terms_; }

 private:
  Analyzer(const knowledge::KnowledgeBase& kb, SpellingOptions spelling,
           const std::map<std::string, int>& vocabulary);

  // The index in known_terms_ of `word`, or kUnknownWord.
  std::uint32_t find_known(std::string_view word) const;

  SpellingCorrector speller_;
  SynonymMap synonyms_;
  // The term of every known word (vocabulary and common words), so analysing
  // a message rarely runs the stemmer or the word lists.
  std::vector<Term> known_terms_;
  // Open addressing on the word's hash, the term a match names compared to
  // the word: a lookup is a probe and a comparison. std::unordered_map took
  // a division and three dependent loads, most of analyze()'s own time in
  // the server's profile.
  struct WordSlot {
    std::uint64_t hash = 0;
    std::uint32_t index = kUnknownWord;  // kUnknownWord: empty
  };
  std::vector<WordSlot> word_slots_;
};

// Word counts over everything the knowledge base says (examples, titles,
// aliases, suggestions, the lexicon): the targets of spelling correction.
std::map<std::string, int> KnowledgeVocabulary(const knowledge::KnowledgeBase& kb);

}  // namespace gutbot::intents
