#include "intents/analyzer.h"

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
  for (const std::string& flag : lexicon.red_flags) Count(flag, counts);
  return counts;
}

Analyzer::Analyzer(const knowledge::KnowledgeBase& kb, SpellingOptions spelling)
    : Analyzer(kb, spelling, KnowledgeVocabulary(kb)) {}

Analyzer::Analyzer(const knowledge::KnowledgeBase& kb, SpellingOptions spelling,
                   const std::map<std::string, int>& vocabulary)
    : speller_(vocabulary, CommonWords(), spelling), synonyms_(kb.lexicon.synonyms) {
  const auto add = [&](const std::string& word) {
    const auto id = static_cast<std::uint32_t>(known_terms_.size());
    if (!known_.emplace(word, id).second) return;
    known_terms_.push_back(MakeTerm(word, 0, 0));
    known_terms_.back().known = id;
  };
  for (const auto& [word, count] : vocabulary) add(word);
  for (const std::string& word : CommonWords()) add(word);
}

void Analyzer::analyze(std::string_view text, Analysis& out) const {
  Normalize(text, out.tokens);
  out.surface.resize(out.tokens.size());
  for (std::size_t i = 0; i < out.tokens.size(); ++i) {
    const Token& token = out.tokens[i];
    Term& term = out.surface[i];
    auto known = known_.find(token.text);
    // Only unknown words are corrected, and their corrections are known words.
    const std::string_view correction = known == known_.end() ? speller_.correct(token.text) : std::string_view();
    if (!correction.empty()) known = known_.find(correction);
    if (known != known_.end()) {
      term = known_terms_[known->second];
    } else {
      term = MakeTerm(std::string(correction.empty() ? std::string_view(token.text) : correction), 0, 0);
    }
    term.start = token.start;
    term.end = token.end;
    term.corrected = !correction.empty();
  }
  synonyms_.apply(out.surface, out.terms);
}

}  // namespace gutbot::intents
