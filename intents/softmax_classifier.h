// A multinomial logistic regression over sparse vectors, trained by a fixed
// number of deterministic SGD epochs (seeded shuffles, L2 by weight scaling),
// with softmax temperature calibration. Immutable after Train(); thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "intents/features.h"

namespace gutbot::intents {

struct TrainOptions {
  int epochs = 20;
  float learning_rate = 1.0F;  // initial step; decays as 1 / (1 + rate * l2 * t)
  float l2 = 1e-5F;            // weight decay per example
  std::uint64_t seed = 42;     // for the example order; same seed, same model
};

struct TrainingSet {
  std::vector<SparseVector> inputs;
  std::vector<std::uint32_t> labels;  // class per input
  std::vector<float> weights;         // importance per input (1 for a plain example)
};

class SoftmaxClassifier {
 public:
  static SoftmaxClassifier Train(const TrainingSet& data, std::size_t classes, std::size_t features,
                                 const TrainOptions& options);

  std::size_t classes() const { return classes_; }
  // Writes one raw score (logit) per class into `out` (classes() floats).
  void logits(const SparseVector& x, float* out) const;
  // The same without the bias: x's part of the logits.
  void scores(const SparseVector& x, float* out) const;
  // The weight of one feature for one class, for explanations.
  float weight(std::uint32_t feature, std::uint32_t cls) const {
    return weights_[feature * stride_ + cls];
  }

 private:
  // x . weights without bias into out[0..stride_).
  void dot(const SparseVector& x, float* out) const;

  std::size_t classes_ = 0;
  std::size_t stride_ = 0;      // classes_ rounded up to whole blocks of SIMD lanes
  std::vector<float> weights_;  // feature-major: weights_[feature * stride_ + class]
  std::vector<float> bias_;
};

// Probabilities of softmax(logits / temperature), written to `out`.
void Softmax(const float* logits, std::size_t n, float temperature, float* out);

// The temperature that best explains held-out predictions: minimises the
// negative log-likelihood of each item's correct group, where the probability
// of a group is the summed probability of its classes (topics -> intents).
float FitTemperature(const std::vector<std::vector<float>>& logits,
                     const std::vector<std::uint32_t>& labels,
                     const std::vector<std::uint32_t>& group_of_class);

// Held-out logits for every item of `data` from `folds` models, each trained
// without the fold its items fall in (items are dealt to folds per class).
std::vector<std::vector<float>> CrossValidatedLogits(const TrainingSet& data, std::size_t classes,
                                                     std::size_t features, std::size_t folds,
                                                     const TrainOptions& options);

}  // namespace gutbot::intents
