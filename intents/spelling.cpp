#include "intents/spelling.h"

#include <algorithm>
#include <array>
#include <limits>

#include "intents/hashing.h"
#include "intents/stemmer.h"

namespace gutbot::intents {
namespace {

constexpr std::size_t kMaxWord = 32;  // longer "words" are never corrected nor targets
constexpr std::size_t kFilterBits = std::size_t{1} << 21;

bool PlainLetters(std::string_view word) {
  return word.size() <= kMaxWord &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Hashes of every string reachable from `word` by deleting up to `depth`
// characters, `word` included; a repeated letter gives some twice.
void Deletions(std::string_view word, std::size_t depth, std::vector<std::uint64_t>& out) {
  out.clear();
  char buffer[kMaxWord];
  if (word.size() > kMaxWord) return;
  const auto recurse = [&](auto&& self, std::size_t length, std::size_t from,
                           std::size_t left) -> void {
    out.push_back(HashString(std::string_view(buffer, length)));
    if (left == 0) return;
    for (std::size_t i = from; i < length; ++i) {
      char removed[kMaxWord];
      std::copy(buffer + i, buffer + length, removed);
      std::copy(removed + 1, removed + (length - i), buffer + i);
      self(self, length - 1, i, left - 1);
      std::copy(removed, removed + (length - i), buffer + i);
    }
  };
  std::copy(word.begin(), word.end(), buffer);
  recurse(recurse, word.size(), 0, depth);
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
// Both words are at most kMaxWord long (callers check).
std::size_t EditDistance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::array<std::size_t, kMaxWord + 1> two{}, one{}, cur{};
  for (std::size_t j = 0; j <= m; ++j) one[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({one[j] + 1, cur[j - 1] + 1, one[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], two[j - 2] + 1);
      }
    }
    std::swap(two, one);
    std::swap(one, cur);
  }
  return one[m];
}

}  // namespace

SpellingCorrector::SpellingCorrector(const std::map<std::string, int>& vocabulary,
                                     const std::vector<std::string>& common_words,
                                     SpellingOptions options)
    : options_(options) {
  known_.insert(common_words.begin(), common_words.end());
  for (const std::string& word : common_words) common_stems_.insert(Stem(word));
  const std::size_t depth = max_distance(std::numeric_limits<std::size_t>::max());
  std::vector<std::uint64_t> deletions;
  for (const auto& [word, frequency] : vocabulary) {
    known_.insert(word);
    if (word.size() < options_.min_length || !PlainLetters(word)) continue;
    const auto id = static_cast<std::uint32_t>(words_.size());
    words_.push_back(word);
    frequency_.push_back(frequency);
    Deletions(word, depth, deletions);
    for (const std::uint64_t d : deletions) deletes_.emplace_back(d, id);
  }
  std::sort(deletes_.begin(), deletes_.end());
  deletes_.erase(std::unique(deletes_.begin(), deletes_.end()), deletes_.end());
  filter_.assign(kFilterBits / 64, 0);
  for (const auto& [hash, id] : deletes_)
    filter_[(hash % kFilterBits) / 64] |= std::uint64_t{1} << (hash % 64);
}

std::size_t SpellingCorrector::max_distance(std::size_t length) const {
  return length >= options_.two_edit_length ? 2 : 1;
}

bool SpellingCorrector::known(std::string_view word) const {
  return known_.find(word) != known_.end() || common_stems_.find(Stem(word)) != common_stems_.end();
}

std::string_view SpellingCorrector::correct(std::string_view word) const {
  if (word.size() < options_.min_length || !PlainLetters(word) || known(word)) return {};
  const std::size_t reach = max_distance(word.size());
  thread_local std::vector<std::uint64_t> deletions;
  thread_local std::vector<std::uint32_t> measured;  // a word shares many deletions with its typo
  Deletions(word, reach, deletions);
  measured.clear();
  std::uint32_t best = 0;
  std::size_t best_distance = reach + 1;
  for (const std::uint64_t hash : deletions) {
    if (((filter_[(hash % kFilterBits) / 64] >> (hash % 64)) & 1U) == 0) continue;
    auto it =
        std::lower_bound(deletes_.begin(), deletes_.end(), std::make_pair(hash, std::uint32_t{0}));
    for (; it != deletes_.end() && it->first == hash; ++it) {
      const std::uint32_t id = it->second;
      const std::string& candidate = words_[id];
      if (candidate.size() + reach < word.size() || word.size() + reach < candidate.size())
        continue;
      if (std::find(measured.begin(), measured.end(), id) != measured.end()) continue;
      measured.push_back(id);
      const std::size_t distance = EditDistance(word, candidate);
      const bool better =
          distance < best_distance ||
          (distance == best_distance && (frequency_[id] > frequency_[best] ||
                                         (frequency_[id] == frequency_[best] && id < best)));
      if (distance <= reach && better) {
        best = id;
        best_distance = distance;
      }
    }
  }
  if (best_distance > reach) return {};
  return words_[best];
}

}  // namespace gutbot::intents
