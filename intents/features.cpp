#include "intents/features.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "intents/hashing.h"

namespace gutbot::intents {
namespace {

constexpr std::uint64_t kUnigramSeed = 0x756e6967726d3031ULL;
constexpr std::uint64_t kBigramSeed = 0x626967726d303031ULL;
constexpr std::uint64_t kCharSeed = 0x636861726e677231ULL;
constexpr std::size_t kMaxWord = 40;  // longer "words" (URLs, key mashing) get no n-grams

bool Digits(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Numbers share one stem: "2 weeks" and "6 weeks" ask the same thing.
std::uint64_t StemKey(const Term& term) {
  static const std::uint64_t kNumber = HashString("#");
  return Digits(term.word) ? kNumber : term.stem_hash;
}

std::string_view StemName(const Term& term) {
  return Digits(term.word) ? std::string_view("#") : std::string_view(term.stem);
}

// 0 marks an empty slot, so no feature hash may be 0.
std::uint64_t NonZero(std::uint64_t h) { return h == 0 ? 1 : h; }

}  // namespace

void ExtractFeatures(const std::vector<Term>& terms, const FeatureOptions& options,
                     std::vector<RawFeature>& out, std::vector<std::string>* names) {
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const Term& term = terms[i];
    const bool content = !term.stopword;
    if (content) {
      out.push_back({NonZero(HashCombine(kUnigramSeed, StemKey(term))), FeatureGroup::kWord});
      if (names) names->push_back("w:" + std::string(StemName(term)));
    }
    if (i + 1 < terms.size()) {
      const Term& next = terms[i + 1];
      out.push_back({NonZero(HashCombine(HashCombine(kBigramSeed, StemKey(term)), StemKey(next))),
                     FeatureGroup::kWord});
      if (names) names->push_back("b:" + std::string(StemName(term)) + " " + std::string(StemName(next)));
    }
    if (!content || Digits(term.word) || term.word.size() > kMaxWord) continue;
    char padded[kMaxWord + 2];
    padded[0] = '<';
    term.word.copy(padded + 1, term.word.size());
    padded[term.word.size() + 1] = '>';
    const std::string_view word(padded, term.word.size() + 2);
    for (std::size_t n = options.min_gram; n <= options.max_gram && n <= word.size(); ++n) {
      for (std::size_t at = 0; at + n <= word.size(); ++at) {
        const std::string_view gram = word.substr(at, n);
        out.push_back({NonZero(Mix(HashBytes(kCharSeed, gram))), FeatureGroup::kChar});
        if (names) names->push_back("c:" + std::string(gram));
      }
    }
  }
}

FeatureSpace::FeatureSpace(const std::vector<std::vector<RawFeature>>& documents, FeatureOptions options)
    : options_(options) {
  std::vector<std::uint64_t> hashes;
  for (const auto& doc : documents) {
    std::vector<std::uint64_t> unique;
    for (const RawFeature& f : doc) unique.push_back(f.hash);
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    hashes.insert(hashes.end(), unique.begin(), unique.end());
  }
  std::sort(hashes.begin(), hashes.end());
  std::size_t capacity = 16;
  while (capacity < hashes.size() * 2) capacity *= 2;
  slots_.assign(capacity, Slot{});
  const auto n = static_cast<double>(documents.size());
  for (std::size_t i = 0; i < hashes.size();) {
    std::size_t j = i;
    while (j < hashes.size() && hashes[j] == hashes[i]) ++j;
    std::size_t at = hashes[i] & (capacity - 1);
    while (slots_[at].hash != 0) at = (at + 1) & (capacity - 1);
    slots_[at] = {hashes[i], static_cast<std::uint32_t>(size_++),
                  static_cast<float>(std::log((n + 1) / (static_cast<double>(j - i) + 1)) + 1)};
    i = j;
  }
  unseen_idf_ = static_cast<float>(std::log(n + 1) + 1);
}

const FeatureSpace::Slot* FeatureSpace::slot(std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
    if (slots_[at].hash == hash) return &slots_[at];
    if (slots_[at].hash == 0) return nullptr;
  }
}

std::int64_t FeatureSpace::find(std::uint64_t hash) const {
  const Slot* s = slot(hash);
  return s == nullptr ? -1 : s->id;
}

void FeatureSpace::vectorize(std::vector<RawFeature>& raw, SparseVector& out) const {
  out.clear();
  std::sort(raw.begin(), raw.end(), [](const RawFeature& a, const RawFeature& b) { return a.hash < b.hash; });
  // One entry per distinct feature; unseen ones keep kUnseen as id until
  // their group's length is known, then are dropped.
  constexpr std::uint32_t kUnseen = 0xFFFFFFFF;
  double norm2[2] = {0, 0};
  for (std::size_t i = 0; i < raw.size();) {
    std::size_t j = i;
    while (j < raw.size() && raw[j].hash == raw[i].hash) ++j;
    const Slot* known = slot(raw[i].hash);
    const float idf = known == nullptr ? unseen_idf_ : known->idf;
    const float tf = j - i == 1 ? 1.0F : 1.0F + std::log(static_cast<float>(j - i));
    const float weight = tf * idf;
    const int group = static_cast<int>(raw[i].group);
    norm2[group] += double(weight) * weight;
    // The group rides in the value's sign until scaling: weights are positive.
    out.push_back({known == nullptr ? kUnseen : known->id, group == 0 ? weight : -weight});
    i = j;
  }
  const bool both = norm2[0] > 0 && norm2[1] > 0;
  const double share[2] = {both ? options_.word_share : 1.0, both ? 1.0 - options_.word_share : 1.0};
  float scale[2] = {0, 0};
  for (int g = 0; g < 2; ++g) {
    if (norm2[g] > 0) scale[g] = static_cast<float>(std::sqrt(share[g] / norm2[g]));
  }
  std::size_t kept = 0;
  for (const SparseEntry& e : out) {
    if (e.id == kUnseen) continue;
    out[kept++] = {e.id, e.value > 0 ? e.value * scale[0] : -e.value * scale[1]};
  }
  out.resize(kept);
}

}  // namespace gutbot::intents
