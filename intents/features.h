// Sparse features robust to paraphrase and misspelling: stem uni/bigrams and
// character n-grams inside words, hashed; FeatureSpace gives them dense ids
// and IDF weights from the training texts. Immutable once built; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "intents/term.h"

namespace gutbot::intents {

enum class FeatureGroup : std::uint8_t { kWord, kChar };

struct RawFeature {
  std::uint64_t hash;
  FeatureGroup group;
};

struct FeatureOptions {
  // Share of the vector's squared length given to word features; the rest
  // goes to character n-grams (when both are present).
  float word_share = 0.5F;
  // Character n-gram lengths, counted with the word's boundary marks ("<ab").
  std::size_t min_gram = 3;
  std::size_t max_gram = 4;  // 5 gains nothing measurable and costs a third more time
};

// Appends the features of `terms` to `out`. With `names`, also appends a
// readable name per feature ("w:stem", "b:stem stem", "c:<ab") for explain().
void ExtractFeatures(const std::vector<Term>& terms, const FeatureOptions& options,
                     std::vector<RawFeature>& out, std::vector<std::string>* names = nullptr);

struct SparseEntry {
  std::uint32_t id;
  float value;
};
using SparseVector = std::vector<SparseEntry>;

class FeatureSpace {
 public:
  FeatureSpace(const std::vector<std::vector<RawFeature>>& documents, FeatureOptions options = {});

  std::size_t size() const { return size_; }
  // The dense id of a feature hash, or -1 when no training text had it.
  std::int64_t find(std::uint64_t hash) const;

  // Weighted (sublinear TF x IDF, per-group share), L2-normalised vector.
  // Features unseen in training count towards the length but are left out,
  // so a message full of unknown words scores weakly everywhere. Sorts `raw`.
  void vectorize(std::vector<RawFeature>& raw, SparseVector& out) const;

 private:
  // Open addressing by hash, with everything a lookup needs in one cache line.
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t id = 0;
    float idf = 0;
  };
  const Slot* slot(std::uint64_t hash) const;  // nullptr when absent

  FeatureOptions options_;
  std::size_t size_ = 0;
  float unseen_idf_ = 0;  // IDF of a feature no document had
  std::vector<Slot> slots_;
};

}  // namespace gutbot::intents
