#include "intents/softmax_classifier.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace gutbot::intents {
namespace {

std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Fisher-Yates with our own generator: std::shuffle's algorithm is not
// specified, and the model must be the same on every standard library.
void Shuffle(std::vector<std::uint32_t>& order, std::uint64_t& state) {
  for (std::size_t i = order.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(SplitMix(state) % i);
    std::swap(order[i - 1], order[j]);
  }
}

// Classes are scored in blocks of this many (four AVX registers' worth); rows of
// weights are padded to a multiple of it.
constexpr std::size_t kBlock = 32;

// The AVX2 clones are chosen by an ifunc resolver that runs before a
// sanitizer's runtime is up, which crashes ThreadSanitizer builds at load;
// sanitized builds use the portable code only.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define GUTBOT_AVX2_CLONES
#else
#define GUTBOT_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#endif

// rows[e.id][0..stride) += factor * e.value * in[0..stride) for every entry
// e of x: the one loop training and scoring spend nearly all their time in.
// stride is a multiple of kBlock and the arrays never overlap, so the compiler
// vectorises it fully; the AVX2 clone is picked at load time where the CPU
// has it.
GUTBOT_AVX2_CLONES
void AddRows(const SparseVector& x, float factor, const float* __restrict in,
             float* __restrict rows, std::size_t stride) {
  for (const SparseEntry& e : x) {
    float* __restrict row = rows + std::size_t{e.id} * stride;
    const float f = factor * e.value;
    for (std::size_t c = 0; c < stride; ++c) row[c] += f * in[c];
  }
}

// out[0..stride) = sum over the entries e of x of e.value * rows[e.id][..],
// added in x's order. A block of classes at a time, its sums held in vector
// registers across all of x rather than stored and reloaded for every entry
// (written with vector types: GCC does not find this shape by itself).
GUTBOT_AVX2_CLONES
void SumRows(const SparseVector& x, const float* __restrict rows, float* __restrict out,
             std::size_t stride) {
  using Lanes = float __attribute__((vector_size(32)));
  constexpr std::size_t kLanes = sizeof(Lanes) / sizeof(float);
  for (std::size_t from = 0; from < stride; from += kBlock) {
    Lanes sum[kBlock / kLanes] = {};
    for (const SparseEntry& e : x) {
      const float* row = rows + std::size_t{e.id} * stride + from;
      for (std::size_t k = 0; k < kBlock / kLanes; ++k) {
        Lanes w;
        std::memcpy(&w, row + k * kLanes, sizeof w);
        sum[k] += e.value * w;
      }
    }
    std::memcpy(out + from, sum, sizeof sum);
  }
}

constexpr float kNegligibleGradient = 1e-3F;
constexpr float kNegligibleExponent =
    -30.0F;  // exp(-30) < 1e-13: nothing next to the best class's 1

// exp(x) for x <= 0, within 2 ulp of std::exp, and 0 below
// kNegligibleExponent. Branch-free arithmetic the compiler vectorises, where
// std::exp costs a call per value: the softmax of every training step and
// of every message calls it once per class.
[[gnu::always_inline]] inline float ExpNonPositive(float x) {
  const float y = std::max(kNegligibleExponent - 1, x);  // keeps n within an int's range
  // y = n ln 2 + r with |r| <= ln 2 / 2; rounding by adding 1.5 * 2^23.
  constexpr float kRound = 12582912.0F;
  const float n = (y * 1.44269504F + kRound) - kRound;
  // ln 2 in two parts, the first exact in float, so r keeps its precision.
  const float r = (y - n * 0.693145752F) - n * 1.42860677e-6F;
  // Taylor to degree 7: the remainder, r^8 / 8!, is below 6e-9 here.
  float p = 1.0F / 5040;
  p = p * r + 1.0F / 720;
  p = p * r + 1.0F / 120;
  p = p * r + 1.0F / 24;
  p = p * r + 1.0F / 6;
  p = p * r + 0.5F;
  p = p * r + 1.0F;
  p = p * r + 1.0F;
  // 2^n straight into the exponent bits: n >= -46 here, a normal float.
  const auto bits = static_cast<std::uint32_t>(static_cast<std::int32_t>(n) + 127) << 23;
  return x < kNegligibleExponent ? 0.0F : p * std::bit_cast<float>(bits);
}

}  // namespace

GUTBOT_AVX2_CLONES
void Softmax(const float* logits, std::size_t n, float temperature, float* out) {
  float max = -std::numeric_limits<float>::infinity();
  for (std::size_t c = 0; c < n; ++c) max = std::max(max, logits[c]);
  for (std::size_t c = 0; c < n; ++c) out[c] = ExpNonPositive((logits[c] - max) / temperature);
  float sum = 0;
  for (std::size_t c = 0; c < n; ++c) sum += out[c];
  for (std::size_t c = 0; c < n; ++c) out[c] /= sum;
}

SoftmaxClassifier SoftmaxClassifier::Train(const TrainingSet& data, std::size_t classes,
                                           std::size_t features, const TrainOptions& options) {
  SoftmaxClassifier model;
  model.classes_ = classes;
  model.stride_ = (classes + kBlock - 1) / kBlock * kBlock;
  model.weights_.assign(features * model.stride_, 0.0F);
  model.bias_.assign(classes, 0.0F);

  std::vector<std::uint32_t> order(data.inputs.size());
  std::iota(order.begin(), order.end(), 0U);
  std::uint64_t state = options.seed;
  std::vector<float> z(model.stride_);
  std::vector<float> p(model.stride_, 0.0F);  // zero beyond `classes`, so rows update whole
  // The weights are scale * weights_, so L2 decay costs one multiplication per step.
  double scale = 1.0;
  std::size_t t = 0;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    Shuffle(order, state);
    for (const std::uint32_t i : order) {
      const SparseVector& x = data.inputs[i];
      const double rate =
          options.learning_rate / (1.0 + options.learning_rate * options.l2 * double(t++));
      model.dot(x, z.data());
      for (std::size_t c = 0; c < classes; ++c)
        z[c] = static_cast<float>(z[c] * scale) + model.bias_[c];
      Softmax(z.data(), classes, 1.0F, p.data());
      const float w = data.weights[i];
      for (std::size_t c = 0; c < classes; ++c) p[c] *= w;
      p[data.labels[i]] -= w;  // p is now the gradient of the loss by the logits
      scale *= 1.0 - rate * options.l2;
      // Most examples are fitted after a few epochs; their gradient is noise.
      float largest = 0;
      for (std::size_t c = 0; c < classes; ++c) largest = std::max(largest, std::abs(p[c]));
      if (largest < kNegligibleGradient) continue;
      const auto step = static_cast<float>(rate / scale);
      AddRows(x, -step, p.data(), model.weights_.data(), model.stride_);
      for (std::size_t c = 0; c < classes; ++c) model.bias_[c] -= static_cast<float>(rate) * p[c];
      if (scale < 1e-6) {
        for (float& v : model.weights_) v = static_cast<float>(v * scale);
        scale = 1.0;
      }
    }
  }
  for (float& v : model.weights_) v = static_cast<float>(v * scale);
  return model;
}

void SoftmaxClassifier::dot(const SparseVector& x, float* out) const {
  SumRows(x, weights_.data(), out, stride_);
}

void SoftmaxClassifier::scores(const SparseVector& x, float* out) const {
  thread_local std::vector<float> padded;
  padded.resize(stride_);
  dot(x, padded.data());
  std::copy(padded.begin(), padded.begin() + static_cast<std::ptrdiff_t>(classes_), out);
}

void SoftmaxClassifier::logits(const SparseVector& x, float* out) const {
  scores(x, out);
  for (std::size_t c = 0; c < classes_; ++c) out[c] += bias_[c];
}

float FitTemperature(const std::vector<std::vector<float>>& logits,
                     const std::vector<std::uint32_t>& labels,
                     const std::vector<std::uint32_t>& group_of_class) {
  const auto loss = [&](float temperature) {
    double total = 0;
    std::vector<float> p;
    for (std::size_t i = 0; i < logits.size(); ++i) {
      p.resize(logits[i].size());
      Softmax(logits[i].data(), p.size(), temperature, p.data());
      double right = 0;
      for (std::size_t c = 0; c < p.size(); ++c) {
        if (group_of_class[c] == group_of_class[labels[i]]) right += p[c];
      }
      total -= std::log(std::max(right, 1e-12));
    }
    return total;
  };
  // A log-spaced grid, then a finer one around the best: the loss is smooth
  // and has one minimum, and a grid keeps the result exactly reproducible.
  // Each scan stops where the loss starts to rise: past the minimum.
  float best = 1.0F;
  double best_loss = std::numeric_limits<double>::infinity();
  for (float step : {1.25F, 1.03F}) {
    const float from = step > 1.1F ? 0.05F : best / 1.25F;
    const float to = step > 1.1F ? 20.0F : best * 1.25F;
    double previous = std::numeric_limits<double>::infinity();
    for (float t = from; t <= to; t *= step) {
      const double l = loss(t);
      if (l > previous) break;
      if (l < best_loss) best_loss = l, best = t;
      previous = l;
    }
  }
  return best;
}

std::vector<std::vector<float>> CrossValidatedLogits(const TrainingSet& data, std::size_t classes,
                                                     std::size_t features, std::size_t folds,
                                                     const TrainOptions& options) {
  std::vector<std::size_t> fold_of(data.inputs.size());
  std::vector<std::size_t> seen(classes, 0);
  for (std::size_t i = 0; i < fold_of.size(); ++i) fold_of[i] = seen[data.labels[i]]++ % folds;
  std::vector<std::vector<float>> out(data.inputs.size(), std::vector<float>(classes));
  for (std::size_t fold = 0; fold < folds; ++fold) {
    TrainingSet train;
    for (std::size_t i = 0; i < fold_of.size(); ++i) {
      if (fold_of[i] == fold) continue;
      train.inputs.push_back(data.inputs[i]);
      train.labels.push_back(data.labels[i]);
      train.weights.push_back(data.weights[i]);
    }
    const SoftmaxClassifier model = SoftmaxClassifier::Train(train, classes, features, options);
    for (std::size_t i = 0; i < fold_of.size(); ++i) {
      if (fold_of[i] == fold) model.logits(data.inputs[i], out[i].data());
    }
  }
  return out;
}

}  // namespace gutbot::intents
