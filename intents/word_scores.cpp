#include "intents/word_scores.h"

namespace gutbot::intents {
namespace {

constexpr std::size_t kLineFloats = 16;

}  // namespace

WordScores::WordScores(const FeatureSpace& space, const SoftmaxClassifier& classifier)
    : classes_(classifier.classes()),
      stride_((classifier.classes() + kLineFloats - 1) / kLineFloats * kLineFloats),
      rows_(space.known_words() * 2 * stride_, 0.0F) {
  SparseVector group[2];
  for (std::uint32_t known = 0; known < space.known_words(); ++known) {
    group[0].clear();
    group[1].clear();
    for (const SparseEntry& e : space.word_vector(known))
      group[static_cast<int>(space.group(e.id))].push_back(e);
    for (std::size_t g = 0; g < 2; ++g) {
      if (!group[g].empty()) classifier.scores(group[g], &rows_[(known * 2 + g) * stride_]);
    }
  }
}

void WordScores::add(const MessageVector& message, float* out) const {
  for (const MessageVector::Word& word : message.words) {
    const float* words = &rows_[std::size_t{word.known} * 2 * stride_];
    const float* chars = words + stride_;
    const float a = word.weight * message.scale[0];
    const float b = word.weight * message.scale[1];
    for (std::size_t c = 0; c < classes_; ++c) out[c] += a * words[c] + b * chars[c];
  }
}

}  // namespace gutbot::intents
