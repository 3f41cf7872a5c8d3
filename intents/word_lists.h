// Fixed English word lists the analysis relies on: minimal stopwords,
// function words (no evidence of any subject) and the common-words list
// compiled in from intents/data/common_words.txt. Immutable; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gutbot::intents {

// Words left out of unigram and character features. Kept minimal on purpose:
// question words and negations carry intents ("how long", "what", "not").
bool IsStopword(std::string_view word);

// Grammar words (pronouns, auxiliaries, prepositions, question words...)
// that say nothing about what a message is about; domain coverage skips them.
bool IsFunctionWord(std::string_view word);

// Everyday English words that spelling correction must never "correct".
// Sorted and unique.
const std::vector<std::string>& CommonWords();

}  // namespace gutbot::intents
