// 64-bit hashing of strings and string sequences for the hashed features and
// phrase tables. Pure functions; thread-safe. Stable across runs and builds,
// so a model built twice from one knowledge base is the same model.
#pragma once

#include <cstdint>
#include <string_view>

namespace gutbot::intents {

inline constexpr std::uint64_t kHashSeed = 0xcbf29ce484222325ULL;

// FNV-1a over the bytes, continuing from `h`: HashBytes(HashBytes(s, a), b)
// hashes the concatenation of a and b.
constexpr std::uint64_t HashBytes(std::uint64_t h, std::string_view bytes) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Final avalanche (from splitmix64), so the low bits are usable as buckets.
constexpr std::uint64_t Mix(std::uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

constexpr std::uint64_t HashString(std::string_view s) { return Mix(HashBytes(kHashSeed, s)); }

// Chains one element hash into the hash of a sequence (word sequences).
constexpr std::uint64_t HashCombine(std::uint64_t sequence, std::uint64_t element) {
  return Mix(sequence ^ (element + 0x9e3779b97f4a7c15ULL + (sequence << 6) + (sequence >> 2)));
}

}  // namespace gutbot::intents
