// Checks on what a knowledge base says, beyond its schema: that a short
// answer names the facts it must, stays short, and that no answer copies the
// source's sentences. Used by the loader, `gutbot kb check` and the tests.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/knowledge_base.h"
#include "knowledge/loader.h"

namespace gutbot::knowledge {

// Whether `text` names `phrase`: case-insensitive, as whole words; a phrase
// "a|b" is named when either alternative is.
bool Mentions(std::string_view text, std::string_view phrase);

// Words as a reader counts them: runs of letters, digits and apostrophes.
std::vector<std::string> Words(std::string_view text);

// Every run of `length` consecutive words of a source text, to find the
// answers that repeat one ("in our own words": facts carry over, sentences
// do not).
class SourceRuns {
 public:
  explicit SourceRuns(std::string_view source_text, std::size_t length = 8);
  // The first run of `text` that the source holds too; empty when none.
  std::string shared(std::string_view text) const;

 private:
  std::size_t length_;
  std::set<std::vector<std::string>> runs_;
};

// One problem for each answer, title, suggestion, example or phrase of `kb`
// that shares a run with the source, naming the topic, the field and the run.
std::vector<Problem> CheckOwnWords(const KnowledgeBase& kb, const SourceRuns& source,
                                   const std::string& file);

}  // namespace gutbot::knowledge
