#include "intents/phrase_matcher.h"

#include <algorithm>

#include "intents/hashing.h"

namespace gutbot::intents {

void PhraseMatcher::set(std::vector<std::uint64_t>& bits, std::uint64_t hash) {
  const std::size_t bit = hash % kFilterBits;
  bits[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

void PhraseMatcher::add(const std::vector<Term>& phrase, std::uint32_t payload) {
  if (phrase.empty()) return;
  std::uint64_t hash = kHashSeed;
  for (const Term& term : phrase) {
    hash = HashCombine(hash, term.stem_hash);
    set(prefix_bits_, hash);
  }
  set(first_bits_, phrase.front().stem_hash);
  set(phrase_bits_, hash);
  phrases_.push_back({hash, payload});
  max_length_ = std::max(max_length_, phrase.size());
}

void PhraseMatcher::finish() {
  std::sort(phrases_.begin(), phrases_.end(), [](const Phrase& a, const Phrase& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.payload < b.payload;
  });
  phrases_.erase(std::unique(phrases_.begin(), phrases_.end(),
                             [](const Phrase& a, const Phrase& b) {
                               return a.hash == b.hash && a.payload == b.payload;
                             }),
                 phrases_.end());
  payloads_.clear();
  for (const Phrase& p : phrases_) payloads_.push_back(p.payload);
}

// Stem sequences are compared by their 64-bit hash alone: a false match needs
// a collision between two phrases of a few words, which is negligible.
PhraseMatcher::Match PhraseMatcher::longest_from(std::span<const Term> terms,
                                                 std::size_t pos) const {
  Match best;
  std::uint64_t hash = kHashSeed;
  const std::size_t limit = std::min(max_length_, terms.size() - pos);
  for (std::size_t length = 1; length <= limit; ++length) {
    hash = HashCombine(hash, terms[pos + length - 1].stem_hash);
    if (!test(prefix_bits_, hash)) break;  // no phrase starts this way: no longer one either
    if (!test(phrase_bits_, hash)) continue;
    const auto [lo, hi] =
        std::equal_range(phrases_.begin(), phrases_.end(), Phrase{hash, 0},
                         [](const Phrase& a, const Phrase& b) { return a.hash < b.hash; });
    if (lo == hi) continue;
    best.length = length;
    best.payloads = std::span<const std::uint32_t>(payloads_).subspan(
        static_cast<std::size_t>(lo - phrases_.begin()), static_cast<std::size_t>(hi - lo));
  }
  return best;
}

}  // namespace gutbot::intents
