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

// The features of `term` that depend on its word alone: its unigram (for a
// content word) and its character n-grams.
void WordFeatures(const Term& term, const FeatureOptions& options, std::vector<RawFeature>& out,
                  std::vector<std::string>* names) {
  if (term.stopword) return;
  out.push_back({NonZero(HashCombine(kUnigramSeed, StemKey(term))), FeatureGroup::kWord});
  if (names) names->push_back("w:" + std::string(StemName(term)));
  if (Digits(term.word) || term.word.size() > kMaxWord) return;
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

RawFeature Bigram(const Term& term, const Term& next) {
  return {NonZero(HashCombine(HashCombine(kBigramSeed, StemKey(term)), StemKey(next))), FeatureGroup::kWord};
}

}  // namespace

void ExtractFeatures(const std::vector<Term>& terms, const FeatureOptions& options,
                     std::vector<RawFeature>& out, std::vector<std::string>* names) {
  for (std::size_t i = 0; i < terms.size(); ++i) {
    WordFeatures(terms[i], options, out, names);
    if (i + 1 < terms.size()) {
      out.push_back(Bigram(terms[i], terms[i + 1]));
      if (names) names->push_back("b:" + std::string(StemName(terms[i])) + " " + std::string(StemName(terms[i + 1])));
    }
  }
}

FeatureSpace::FeatureSpace(const std::vector<std::vector<RawFeature>>& documents,
                           const std::vector<Term>& words, FeatureOptions options)
    : options_(options) {
  std::vector<RawFeature> features;
  for (const auto& doc : documents) {
    std::vector<RawFeature> unique = doc;
    std::sort(unique.begin(), unique.end(), [](const RawFeature& a, const RawFeature& b) { return a.hash < b.hash; });
    unique.erase(std::unique(unique.begin(), unique.end(),
                             [](const RawFeature& a, const RawFeature& b) { return a.hash == b.hash; }),
                 unique.end());
    features.insert(features.end(), unique.begin(), unique.end());
  }
  std::stable_sort(features.begin(), features.end(),
                   [](const RawFeature& a, const RawFeature& b) { return a.hash < b.hash; });
  std::size_t capacity = 16;
  while (capacity < features.size() * 2) capacity *= 2;
  slots_.assign(capacity, Slot{});
  const auto n = static_cast<double>(documents.size());
  for (std::size_t i = 0; i < features.size();) {
    std::size_t j = i;
    while (j < features.size() && features[j].hash == features[i].hash) ++j;
    std::size_t at = features[i].hash & (capacity - 1);
    while (slots_[at].hash != 0) at = (at + 1) & (capacity - 1);
    const auto idf = static_cast<float>(std::log((n + 1) / (static_cast<double>(j - i) + 1)) + 1);
    slots_[at] = {features[i].hash, static_cast<std::uint32_t>(idf_.size()), idf};
    idf_.push_back(idf);
    group_.push_back(features[i].group);
    i = j;
  }
  unseen_idf_ = static_cast<float>(std::log(n + 1) + 1);

  std::vector<RawFeature> own;
  for (const Term& word : words) {
    own.clear();
    WordFeatures(word, options_, own, nullptr);
    KnownWord& features = words_.emplace_back();
    features.ids_begin = static_cast<std::uint32_t>(word_ids_.size());
    features.unseen_begin = static_cast<std::uint32_t>(word_unseen_.size());
    for (const RawFeature& f : own) {
      if (const Slot* known = slot(f.hash)) word_ids_.push_back(known->id);
      else word_unseen_.push_back(f);
    }
    features.ids_end = static_cast<std::uint32_t>(word_ids_.size());
    features.unseen_end = static_cast<std::uint32_t>(word_unseen_.size());
  }
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

FeatureSpace::Resolved FeatureSpace::resolve(const RawFeature& feature) const {
  const Slot* known = slot(feature.hash);
  return {feature, known == nullptr ? kUnseen : known->id};
}

void FeatureSpace::vectorize(const std::vector<Term>& terms, VectorScratch& scratch, SparseVector& out) const {
  out.clear();
  scratch.unseen.clear();
  if (scratch.counts.size() < size()) scratch.counts.assign(size(), 0);
  scratch.ids.reserve(size());
  const auto count_seen = [&scratch](std::uint32_t id) {
    ++scratch.counts[id];
    scratch.ids.insert(id);
  };
  const auto count = [&](const Resolved& feature) {
    if (feature.id == kUnseen) scratch.unseen.push_back(feature.feature);
    else count_seen(feature.id);
  };
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].known < words_.size()) {
      const KnownWord& word = words_[terms[i].known];
      for (std::uint32_t f = word.ids_begin; f < word.ids_end; ++f) count_seen(word_ids_[f]);
      scratch.unseen.insert(scratch.unseen.end(), word_unseen_.begin() + word.unseen_begin,
                            word_unseen_.begin() + word.unseen_end);
    } else {
      scratch.raw.clear();
      WordFeatures(terms[i], options_, scratch.raw, nullptr);
      for (const RawFeature& f : scratch.raw) count(resolve(f));
    }
    if (i + 1 < terms.size()) count(resolve(Bigram(terms[i], terms[i + 1])));
  }

  double norm2[2] = {0, 0};
  const auto weight = [](float idf, std::size_t tf) {
    return (tf == 1 ? 1.0F : 1.0F + std::log(static_cast<float>(tf))) * idf;
  };
  // Ids ascend with the features' hashes: the vector comes out in one fixed
  // order, whatever the order of the words.
  scratch.ids.drain([&](std::uint32_t id) {
    const float w = weight(idf_[id], scratch.counts[id]);
    scratch.counts[id] = 0;
    const int group = static_cast<int>(group_[id]);
    norm2[group] += double(w) * w;
    out.push_back({id, w});
  });
  std::sort(scratch.unseen.begin(), scratch.unseen.end(),
            [](const RawFeature& a, const RawFeature& b) { return a.hash < b.hash; });
  for (std::size_t i = 0; i < scratch.unseen.size();) {
    std::size_t j = i;
    while (j < scratch.unseen.size() && scratch.unseen[j].hash == scratch.unseen[i].hash) ++j;
    const float w = weight(unseen_idf_, j - i);
    norm2[static_cast<int>(scratch.unseen[i].group)] += double(w) * w;
    i = j;
  }

  const bool both = norm2[0] > 0 && norm2[1] > 0;
  const double share[2] = {both ? options_.word_share : 1.0, both ? 1.0 - options_.word_share : 1.0};
  float scale[2] = {0, 0};
  for (int g = 0; g < 2; ++g) {
    if (norm2[g] > 0) scale[g] = static_cast<float>(std::sqrt(share[g] / norm2[g]));
  }
  for (SparseEntry& e : out) e.value *= scale[static_cast<int>(group_[e.id])];
}

}  // namespace gutbot::intents
