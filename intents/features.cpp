#include "intents/features.h"

#include <algorithm>
#include <cmath>
#include <functional>
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

// Sublinear term frequency: a word said twice is not twice as telling.
float TfFactor(std::size_t count) {
  return count == 1 ? 1.0F : 1.0F + std::log(static_cast<float>(count));
}

// Calls visit(first, count) once for each run of neighbours that `same`
// holds equal in `sorted`.
template <typename T, typename Same, typename Visit>
void ForEachRun(const std::vector<T>& sorted, Same same, Visit visit) {
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && same(sorted[j], sorted[i])) ++j;
    visit(sorted[i], j - i);
    i = j;
  }
}

bool SameHash(const RawFeature& a, const RawFeature& b) { return a.hash == b.hash; }
bool ByHash(const RawFeature& a, const RawFeature& b) { return a.hash < b.hash; }

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
  return {NonZero(HashCombine(HashCombine(kBigramSeed, StemKey(term)), StemKey(next))),
          FeatureGroup::kWord};
}

}  // namespace

void ExtractFeatures(const std::vector<Term>& terms, const FeatureOptions& options,
                     std::vector<RawFeature>& out, std::vector<std::string>* names) {
  for (std::size_t i = 0; i < terms.size(); ++i) {
    WordFeatures(terms[i], options, out, names);
    if (i + 1 < terms.size()) {
      out.push_back(Bigram(terms[i], terms[i + 1]));
      if (names)
        names->push_back("b:" + std::string(StemName(terms[i])) + " " +
                         std::string(StemName(terms[i + 1])));
    }
  }
}

FeatureSpace::FeatureSpace(const std::vector<std::vector<RawFeature>>& documents,
                           const std::vector<Term>& words, FeatureOptions options)
    : options_(options) {
  std::vector<RawFeature> features;
  for (const auto& doc : documents) {
    std::vector<RawFeature> unique = doc;
    std::sort(unique.begin(), unique.end(), ByHash);
    unique.erase(std::unique(unique.begin(), unique.end(), SameHash), unique.end());
    features.insert(features.end(), unique.begin(), unique.end());
  }
  std::stable_sort(features.begin(), features.end(), ByHash);
  std::size_t capacity = 16;
  while (capacity < features.size() * 2) capacity *= 2;
  slots_.assign(capacity, Slot{});
  const auto n = static_cast<double>(documents.size());
  ForEachRun(features, SameHash, [&](const RawFeature& feature, std::size_t documents_with_it) {
    std::size_t at = feature.hash & (capacity - 1);
    while (slots_[at].hash != 0) at = (at + 1) & (capacity - 1);
    const auto idf =
        static_cast<float>(std::log((n + 1) / (static_cast<double>(documents_with_it) + 1)) + 1);
    slots_[at] = {feature.hash, static_cast<std::uint32_t>(group_.size()), idf};
    group_.push_back(feature.group);
  });
  unseen_idf_ = static_cast<float>(std::log(n + 1) + 1);

  std::vector<RawFeature> own;
  for (const Term& word : words) {
    own.clear();
    WordFeatures(word, options_, own, nullptr);
    std::sort(own.begin(), own.end(), ByHash);
    KnownWord& known = words_.emplace_back();
    known.begin = static_cast<std::uint32_t>(word_entries_.size());
    double norm2[2] = {0, 0};
    ForEachRun(own, SameHash, [&](const RawFeature& feature, std::size_t count) {
      const Slot* seen = slot(feature.hash);
      const float w = TfFactor(count) * (seen == nullptr ? unseen_idf_ : seen->idf);
      norm2[static_cast<int>(feature.group)] += double(w) * w;
      if (seen != nullptr) word_entries_.push_back({seen->id, w});
    });
    known.end = static_cast<std::uint32_t>(word_entries_.size());
    std::sort(word_entries_.begin() + known.begin, word_entries_.end(),
              [](const SparseEntry& a, const SparseEntry& b) { return a.id < b.id; });
    known.norm2[0] = static_cast<float>(norm2[0]);
    known.norm2[1] = static_cast<float>(norm2[1]);
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

std::span<const SparseEntry> FeatureSpace::word_vector(std::uint32_t known) const {
  const KnownWord& word = words_[known];
  return {word_entries_.data() + word.begin, word_entries_.data() + word.end};
}

void FeatureSpace::vectorize(const std::vector<Term>& terms, VectorScratch& scratch,
                             MessageVector& out) const {
  out.words.clear();
  out.rest.clear();
  scratch.seen.clear();
  scratch.groups.clear();
  scratch.unseen.clear();
  scratch.known.clear();
  const auto count = [this, &scratch](const RawFeature& feature) {
    if (const Slot* s = slot(feature.hash))
      scratch.seen.push_back({s->id, s->idf, feature.group});
    else
      scratch.unseen.push_back(feature);
  };
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].known < words_.size()) {
      scratch.known.push_back(terms[i].known);
    } else {
      scratch.raw.clear();
      WordFeatures(terms[i], options_, scratch.raw, nullptr);
      for (const RawFeature& f : scratch.raw) count(f);
    }
    if (i + 1 < terms.size()) count(Bigram(terms[i], terms[i + 1]));
  }

  double norm2[2] = {0, 0};
  std::sort(scratch.known.begin(), scratch.known.end());
  ForEachRun(scratch.known, std::equal_to<>(), [&](std::uint32_t known, std::size_t count) {
    const KnownWord& word = words_[known];
    if (word.norm2[0] == 0 && word.norm2[1] == 0) return;  // a stopword has no features
    const float weight = TfFactor(count);
    out.words.push_back({known, weight});
    for (int g = 0; g < 2; ++g) norm2[g] += double(weight) * weight * word.norm2[g];
  });
  // The few features besides the known words, counted by sorting them.
  // Ids ascend with the features' hashes: the vector comes out in one fixed
  // order, whatever the order of the words.
  using Seen = VectorScratch::Seen;
  std::sort(scratch.seen.begin(), scratch.seen.end(),
            [](const Seen& a, const Seen& b) { return a.id < b.id; });
  ForEachRun(
      scratch.seen, [](const Seen& a, const Seen& b) { return a.id == b.id; },
      [&](const Seen& feature, std::size_t count) {
        const float w = TfFactor(count) * feature.idf;
        norm2[static_cast<int>(feature.group)] += double(w) * w;
        out.rest.push_back({feature.id, w});
        scratch.groups.push_back(feature.group);
      });
  std::sort(scratch.unseen.begin(), scratch.unseen.end(), ByHash);
  ForEachRun(scratch.unseen, SameHash, [&](const RawFeature& feature, std::size_t count) {
    const float w = TfFactor(count) * unseen_idf_;
    norm2[static_cast<int>(feature.group)] += double(w) * w;
  });

  const bool both = norm2[0] > 0 && norm2[1] > 0;
  const double share[2] = {both ? options_.word_share : 1.0,
                           both ? 1.0 - options_.word_share : 1.0};
  for (int g = 0; g < 2; ++g) {
    out.scale[g] = norm2[g] > 0 ? static_cast<float>(std::sqrt(share[g] / norm2[g])) : 0.0F;
  }
  for (std::size_t i = 0; i < out.rest.size(); ++i)
    out.rest[i].value *= out.scale[static_cast<int>(scratch.groups[i])];
}

void FeatureSpace::flatten(const MessageVector& message, VectorScratch& scratch,
                           SparseVector& out) const {
  out.clear();
  if (scratch.sums.size() < size()) scratch.sums.assign(size(), 0.0F);
  scratch.ids.reserve(size());
  const auto add = [&scratch](const SparseEntry& e, float factor) {
    scratch.sums[e.id] += factor * e.value;
    scratch.ids.insert(e.id);
  };
  for (const MessageVector::Word& word : message.words) {
    for (const SparseEntry& e : word_vector(word.known)) {
      add(e, word.weight * message.scale[static_cast<int>(group_[e.id])]);
    }
  }
  for (const SparseEntry& e : message.rest) add(e, 1.0F);
  scratch.ids.drain([&](std::uint32_t id) {
    out.push_back({id, scratch.sums[id]});
    scratch.sums[id] = 0;
  });
}

}  // namespace gutbot::intents
