// Sparse features robust to paraphrase and misspelling: stem uni/bigrams and
// character n-grams inside words, hashed; FeatureSpace gives them dense ids
// and IDF weights from the training texts. Immutable once built; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "intents/id_set.h"
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

// A message's feature vector, kept as its parts: the vector of a message is
// the sum of its known words' vectors (each worked out once, when the space
// is built) and of the features of everything else (bigrams, unknown
// words). Classifying a known word then costs one precomputed row of scores
// (WordScores) instead of a row per feature.
struct MessageVector {
  struct Word {
    std::uint32_t known;  // Term::known
    float weight;         // its term-frequency factor (the groups' scales are in `scale`)
  };
  std::vector<Word> words;  // distinct known words, ascending
  SparseVector rest;        // everything else, weighted and scaled, ascending ids
  float scale[2] = {0, 0};  // per FeatureGroup: what the words' vectors are multiplied by
};

// Per-thread working memory of FeatureSpace, reused between calls.
struct VectorScratch {
  // A feature of the message outside its known words that training saw.
  struct Seen {
    std::uint32_t id;
    float idf;
    FeatureGroup group;
  };
  std::vector<Seen> seen;            // with repeats
  std::vector<FeatureGroup> groups;  // of MessageVector::rest's entries
  std::vector<RawFeature> unseen;    // features no training text had
  std::vector<RawFeature> raw;       // the features of one unknown word
  std::vector<std::uint32_t> known;  // the known words of the text, with repeats
  std::vector<float> sums;           // flatten(): per feature id
  IdSet ids;                         // flatten(): the ids summed
};

class FeatureSpace {
 public:
  // `documents`: the features of every training text. `words`: the known
  // vocabulary, indexed by Term::known, whose words' own vectors (unigram,
  // character n-grams; TF-IDF weighted, unscaled) are worked out once here.
  FeatureSpace(const std::vector<std::vector<RawFeature>>& documents,
               const std::vector<Term>& words, FeatureOptions options = {});

  std::size_t size() const { return group_.size(); }
  std::size_t known_words() const { return words_.size(); }
  FeatureGroup group(std::uint32_t id) const { return group_[id]; }
  // The dense id of a feature hash, or -1 when no training text had it.
  std::int64_t find(std::uint64_t hash) const;
  // A known word's own vector, ascending ids (features seen in training only).
  std::span<const SparseEntry> word_vector(std::uint32_t known) const;

  // The features of `terms` (as ExtractFeatures), weighted (sublinear TF x
  // IDF) with each group scaled to its share of the vector's squared
  // length. A repeated known word counts with a sublinear factor too; the
  // length is taken as if different words shared no feature, so that it
  // is the sum of lengths worked out in advance. Features unseen in
  // training count towards the length but are left out, so a message full
  // of unknown words scores weakly everywhere.
  void vectorize(const std::vector<Term>& terms, VectorScratch& scratch, MessageVector& out) const;
  // The same vector as one list of features, ascending ids (for training
  // and explanations).
  void flatten(const MessageVector& message, VectorScratch& scratch, SparseVector& out) const;

 private:
  // Open addressing by hash, with everything a lookup needs in one cache line.
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t id = 0;
    float idf = 0;
  };
  const Slot* slot(std::uint64_t hash) const;  // nullptr when absent

  FeatureOptions options_;
  float unseen_idf_ = 0;  // IDF of a feature no document had
  std::vector<Slot> slots_;
  std::vector<FeatureGroup> group_;  // per id
  // A known word's own vector, as a range of word_entries_, and its squared
  // length per group (its unseen features included).
  struct KnownWord {
    std::uint32_t begin, end;
    float norm2[2];
  };
  std::vector<KnownWord> words_;  // per Term::known
  std::vector<SparseEntry> word_entries_;
};

}  // namespace gutbot::intents
