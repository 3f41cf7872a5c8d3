// A dictionary of word sequences, compared by stem, found in a message by
// longest match. Built once, then immutable and safe to share between threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "intents/term.h"

namespace gutbot::intents {

class PhraseMatcher {
 public:
  struct Match {
    std::size_t length = 0;                   // terms covered; 0 when nothing matched
    std::span<const std::uint32_t> payloads;  // every payload added for that phrase, ascending
  };

  // Adds `phrase` (its terms' stems) with a caller-chosen payload. Empty phrases are ignored.
  void add(const std::vector<Term>& phrase, std::uint32_t payload);
  // Must be called once after the last add() and before any match.
  void finish();

  // The longest phrase that starts at terms[pos]. Inline, since at most
  // positions no phrase starts and one bit test says so.
  Match longest_at(std::span<const Term> terms, std::size_t pos) const {
    if (pos >= terms.size() || !test(first_bits_, terms[pos].stem_hash)) return {};
    return longest_from(terms, pos);
  }
  bool empty() const { return phrases_.empty(); }

 private:
  static constexpr std::size_t kFilterBits = 1 << 14;
  struct Phrase {
    std::uint64_t hash;  // of the stem sequence
    std::uint32_t payload;
  };
  // Bloom-like prefilters so most positions cost two bit tests.
  static bool test(const std::vector<std::uint64_t>& bits, std::uint64_t hash) {
    const std::size_t bit = hash % kFilterBits;
    return (bits[bit / 64] >> (bit % 64)) & 1U;
  }
  static void set(std::vector<std::uint64_t>& bits, std::uint64_t hash);
  // longest_at() past its first filter.
  Match longest_from(std::span<const Term> terms, std::size_t pos) const;

  std::vector<Phrase> phrases_;          // sorted by (hash, payload)
  std::vector<std::uint32_t> payloads_;  // payloads_[i] == phrases_[i].payload, for spans
  std::vector<std::uint64_t> first_bits_ = std::vector<std::uint64_t>(kFilterBits / 64);
  std::vector<std::uint64_t> phrase_bits_ = std::vector<std::uint64_t>(kFilterBits / 64);
  std::vector<std::uint64_t> prefix_bits_ =
      std::vector<std::uint64_t>(kFilterBits / 64);  // every phrase's every prefix
  std::size_t max_length_ = 0;
};

}  // namespace gutbot::intents
