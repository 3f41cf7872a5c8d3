// A set of small integer ids that hands its members back in ascending order
// without sorting them: one bit per id, and one bit per 64 ids saying which
// of those words have any bit set. Working memory of one thread at a time.
#pragma once

#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

namespace gutbot::intents {

class IdSet {
 public:
  // Makes room for ids below `bound`. Keeps the members.
  void reserve(std::size_t bound) {
    if (bits_.size() * 64 >= bound) return;
    bits_.resize((bound + 63) / 64, 0);
    words_.resize((bits_.size() + 63) / 64, 0);
  }

  // `id` must be below the bound given to reserve().
  void insert(std::uint32_t id) {
    bits_[id / 64] |= std::uint64_t{1} << (id % 64);
    words_[id / 64 / 64] |= std::uint64_t{1} << (id / 64 % 64);
  }

  // Calls `visit(id)` for every member, in ascending order, and empties the set.
  template <typename Visit>
  void drain(Visit&& visit) {
    for (std::size_t w = 0; w < words_.size(); ++w) {
      for (std::uint64_t words = std::exchange(words_[w], 0); words != 0; words &= words - 1) {
        const std::size_t word = w * 64 + static_cast<std::size_t>(std::countr_zero(words));
        for (std::uint64_t bits = std::exchange(bits_[word], 0); bits != 0; bits &= bits - 1) {
          visit(static_cast<std::uint32_t>(word * 64 +
                                           static_cast<std::size_t>(std::countr_zero(bits))));
        }
      }
    }
  }

 private:
  std::vector<std::uint64_t> bits_;   // bit id % 64 of word id / 64
  std::vector<std::uint64_t> words_;  // bit w % 64 of word w / 64: bits_[w] != 0
};

}  // namespace gutbot::intents
