// Typo correction against a knowledge base's own vocabulary, by a
// symmetric-deletion dictionary: edit distance 1 for short words, 2 for
// longer ones, ties broken by frequency. Built once; immutable, thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace gutbot::intents {

struct SpellingOptions {
  std::size_t min_length = 4;       // shorter words are never corrected ("ok", "gut", "ibs")
  std::size_t two_edit_length = 7;  // words this long may be two edits away
};

class SpellingCorrector {
 public:
  // `vocabulary`: the words corrections may lead to, with their frequencies.
  // `common_words` and the vocabulary are known words, never corrected.
  SpellingCorrector(const std::map<std::string, int>& vocabulary,
                    const std::vector<std::string>& common_words, SpellingOptions options = {});

  // In the vocabulary or the common words, or shares the stem of a common
  // word ("pianos" is known through "piano").
  bool known(std::string_view word) const;

  // The vocabulary word closest to `word`; empty when `word` is known, short,
  // not plain a-z, or has no vocabulary word within reach. Ties go to the more
  // frequent word, then the alphabetically first, so answers are deterministic.
  std::string_view correct(std::string_view word) const;

 private:
  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::size_t max_distance(std::size_t length) const;

  SpellingOptions options_;
  std::vector<std::string> words_;  // correction targets, sorted
  std::vector<int> frequency_;      // parallel to words_
  std::unordered_set<std::string, ViewHash, std::equal_to<>> known_;
  std::unordered_set<std::string, ViewHash, std::equal_to<>> common_stems_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>>
      deletes_;  // (hash of a deletion, word), sorted
  // One bit per deletion hash (mod its size): most deletions of an unknown
  // word match nothing, and a bit test is far cheaper than the search.
  std::vector<std::uint64_t> filter_;
};

}  // namespace gutbot::intents
