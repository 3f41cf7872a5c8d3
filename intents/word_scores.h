// Every known word's part of every class's score, per feature group: the
// word's own vector (FeatureSpace::word_vector) times the classifier's
// weights, worked out once per model. A message's known words then cost a
// row each, not a row per feature. Immutable once built; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "intents/features.h"
#include "intents/softmax_classifier.h"

namespace gutbot::intents {

class WordScores {
 public:
  WordScores(const FeatureSpace& space, const SoftmaxClassifier& classifier);

  // out[c] += the score of `message`'s known words for class c, for every
  // class: with SoftmaxClassifier::logits of message.rest, the logits of
  // the whole message.
  void add(const MessageVector& message, float* out) const;

 private:
  std::size_t classes_ = 0;
  std::size_t stride_ = 0;   // classes_ rounded up to a cache line of floats
  std::vector<float> rows_;  // per known word, per FeatureGroup: stride_ floats
};

}  // namespace gutbot::intents
