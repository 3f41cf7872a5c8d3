#include "intents/word_lists.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "intents/hashing.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::intents {

// Generated from intents/data/*.txt (intents/CMakeLists.txt).
extern const std::string_view kCommonWordsText;
extern const std::string_view kEnglishWordsText;
extern const std::string_view kThingKindsText;

namespace {

constexpr auto kStopwords = std::to_array<std::string_view>(
    {"a",  "am", "an", "and",  "are", "be",    "been", "i",     "is", "it",  "me",  "my",
     "of", "or", "so", "that", "the", "these", "this", "those", "to", "was", "were"});
static_assert(std::is_sorted(kStopwords.begin(), kStopwords.end()));

constexpr auto kFunctionWords = std::to_array<std::string_view>(
    {"a",      "about",  "above",   "after",   "again",     "all",    "also",    "am",
     "an",     "and",    "any",     "anyone",  "anything",  "are",    "as",      "ask",
     "at",     "be",     "because", "been",    "before",    "being",  "between", "both",
     "but",    "by",     "can",     "could",   "did",       "do",     "does",    "doing",
     "done",   "during", "each",    "else",    "even",      "ever",   "every",   "for",
     "from",   "get",    "gets",    "getting", "go",        "going",  "got",     "had",
     "has",    "have",   "having",  "he",      "her",       "here",   "hers",    "him",
     "his",    "how",    "i",       "if",      "in",        "into",   "is",      "it",
     "its",    "just",   "know",    "let",     "like",      "lot",    "lots",    "many",
     "may",    "me",     "might",   "mine",    "more",      "most",   "much",    "must",
     "my",     "myself", "need",    "no",      "not",       "now",    "of",      "off",
     "on",     "one",    "only",    "or",      "other",     "our",    "out",     "over",
     "please", "quite",  "rather",  "really",  "same",      "say",    "shall",   "she",
     "should", "so",     "some",    "someone", "something", "such",   "tell",    "than",
     "that",   "the",    "their",   "them",    "then",      "there",  "these",   "they",
     "thing",  "things", "think",   "this",    "those",     "though", "through", "to",
     "too",    "under",  "until",   "up",      "us",        "very",   "want",    "was",
     "way",    "we",     "well",    "were",    "what",      "when",   "where",   "whether",
     "which",  "while",  "who",     "whom",    "whose",     "why",    "will",    "with",
     "would",  "yeah",   "yes",     "yet",     "you",       "your",   "yours",   "yourself"});
static_assert(std::is_sorted(kFunctionWords.begin(), kFunctionWords.end()));

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& sorted, std::string_view word) {
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

// Words separated by white space, in file order; '#' starts a comment that
// runs to the end of the line.
std::vector<std::string> ReadWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool comment = false;
  for (const char c : text) {
    if (c == '\n') comment = false;
    if (c == '#') comment = true;
    if (!comment && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// The words of a list, sorted and unique.
std::vector<std::string> ParseWords(std::string_view text) {
  std::vector<std::string> words = ReadWords(text);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

}  // namespace

bool IsStopword(std::string_view word) { return Contains(kStopwords, word); }

bool IsFunctionWord(std::string_view word) { return Contains(kFunctionWords, word); }

const std::vector<std::string>& CommonWords() {
  static const std::vector<std::string> words = ParseWords(kCommonWordsText);
  return words;
}

bool IsEnglishWord(std::string_view word) {
  // 65,000 words as sorted hashes: half a megabyte, a lookup of 16 steps.
  static const std::vector<std::uint64_t> hashes = [] {
    std::vector<std::uint64_t> out;
    for (const std::string& w : ParseWords(kEnglishWordsText)) out.push_back(HashString(w));
    std::sort(out.begin(), out.end());
    return out;
  }();
  return std::binary_search(hashes.begin(), hashes.end(), HashString(word));
}

const std::vector<ThingWord>& ThingWords() {
  // "[kind]" starts each kind's words.
  static const std::vector<ThingWord> words = [] {
    std::vector<ThingWord> out;
    std::string_view kind;
    for (std::string& word : ReadWords(kThingKindsText)) {
      if (word.size() > 2 && word.front() == '[' && word.back() == ']') {
        const auto known = std::find(knowledge::kThingKinds.begin(), knowledge::kThingKinds.end(),
                                     std::string_view(word).substr(1, word.size() - 2));
        if (known == knowledge::kThingKinds.end()) throw std::logic_error("thing_kinds: " + word);
        kind = *known;
      } else if (!kind.empty()) {
        out.push_back({std::move(word), kind});
      }
    }
    return out;
  }();
  return words;
}

}  // namespace gutbot::intents
