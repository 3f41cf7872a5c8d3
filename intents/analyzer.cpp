#include "intents/analyzer.h"

#include "intents/hashing.h"
#include "intents/word_lists.h"

namespace gutbot::intents {
namespace {

void Count(std::string_view text, std::map<std::string, int>& counts) {
  for (const Token& token : Normalize(text)) ++counts[token.text];
}

}  // namespace

std::map<std::string, int> KnowledgeVocabulary(const knowledge::KnowledgeBase& kb) {
  std::map<std::string, int> counts;
  for (const knowledge::Topic& topic : kb.topics) {
    for (const std::string& example : topic.examples) Count(example, counts);
    for (const std::string& alias : topic.aliases) Count(alias, counts);
    for (const std::string& suggestion : topic.suggestions) Count(suggestion, counts);
    Count(topic.title, counts);
  }
  const knowledge::Lexicon& lexicon = kb.lexicon;
  for (const auto& [canonical, variants] : lexicon.synonyms) {
    Count(canonical, counts);
    for (const std::string& variant : variants) Count(variant, counts);
  }
  for (const auto& [type, values] : lexicon.entities) {
    for (const auto& [value, forms] : values) {
      Count(value, counts);
      for (const std::string& form : forms) Count(form, counts);
    }
  }
  return counts;
}

Analyzer::Analyzer(const knowledge::KnowledgeBase& kb, SpellingOptions spelling)
    : Analyzer(kb, spelling, KnowledgeVocabulary(kb)) {}

Analyzer::Analyzer(const knowledge::KnowledgeBase& kb, SpellingOptions spelling,
                   const std::map<std::string, int>& vocabulary)
    : speller_(vocabulary, CommonWords(), spelling), synonyms_(kb.lexicon.synonyms) {
  std::size_t capacity = 16;
  while (capacity < (vocabulary.size() + CommonWords().size()) * 2) capacity *= 2;
  word_slots_.resize(capacity);
  const auto add = [&](const std::string& word) {
    const std::uint64_t hash = HashString(word);
    std::size_t at = hash & (capacity - 1);
    for (; word_slots_[at].index != kUnknownWord; at = (at + 1) & (capacity - 1)) {
      if (word_slots_[at].hash == hash && known_terms_[word_slots_[at].index].word == word) return;
    }
    const auto id = static_cast<std::uint32_t>(known_terms_.size());
    word_slots_[at] = {hash, id};
    known_terms_.push_back(MakeTerm(word, 0, 0));
    known_terms_.back().known = id;
  };
  for (const auto& [word, count] : vocabulary) add(word);
  for (const std::string& word : CommonWords()) add(word);
}

std::uint32_t Analyzer::find_known(std::string_view word) const {
  const std::uint64_t hash = HashString(word);
  const std::size_t mask = word_slots_.size() - 1;
  for (std::size_t at = hash & mask; word_slots_[at].index != kUnknownWord; at = (at + 1) & mask) {
    const WordSlot& slot = word_slots_[at];
    if (slot.hash == hash && known_terms_[slot.index].word == word) return slot.index;
  }
  return kUnknownWord;
}

void Analyzer::analyze(std::string_view text, Analysis& out) const {
  Normalize(text, out.tokens);
  out.surface.resize(out.tokens.size());
  for (std::size_t i = 0; i < out.tokens.size(); ++i) {
    const Token& token = out.tokens[i];
    Term& term = out.surface[i];
    std::uint32_t known = find_known(token.text);
    // Only unknown words are corrected, and their corrections are known
    // words; a word of English is no typo ("tires" is not "tired").
    const std::string_view correction = known == kUnknownWord && !IsEnglishWord(token.text)
                                            ? speller_.correct(token.text)
                                            : std::string_view();
    if (!correction.empty()) known = find_known(correction);
    if (known != kUnknownWord) {
      term = known_terms_[known];
    } else {
      term = MakeTerm(std::string(correction.empty() ? std::string_view(token.text) : correction),
                      0, 0);
    }
    term.start = token.start;
    term.end = token.end;
    term.corrected = !correction.empty();
  }
  synonyms_.apply(out.surface, out.terms);
}

}  // namespace gutbot::intents
