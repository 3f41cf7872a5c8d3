// Fixed English word lists the analysis relies on: minimal stopwords,
// function words (no evidence of any subject), and the common-words and
// English-words lists and the kinds of things, compiled in from
// intents/data/. Immutable; thread-safe.
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

// Whether `word` (normalised, lower case) is in an English dictionary
// (intents/data/english_words.txt), whether or not the bot knows it: how a
// message in English is told from gibberish or another language.
bool IsEnglishWord(std::string_view word);

// A word and the kind of thing it names, one of knowledge::kThingKinds:
// "sauerkraut" a food, "yoga" an exercise (intents/data/thing_kinds.txt,
// made from WordNet by scripts/thing-kinds.sh).
struct ThingWord {
  std::string word;
  std::string_view kind;
};
const std::vector<ThingWord>& ThingWords();

}  // namespace gutbot::intents
