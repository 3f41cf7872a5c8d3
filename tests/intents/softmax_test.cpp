#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "intents/softmax_classifier.h"

namespace gutbot::intents {
namespace {

// Softmax computes its exponentials itself (vectorised); std::exp in double
// of the same float exponents is the reference.
std::vector<double> Reference(const std::vector<float>& logits, float temperature) {
  float max = logits[0];
  for (float l : logits) max = std::max(max, l);
  std::vector<double> p;
  double sum = 0;
  for (float l : logits) {
    const float x = (l - max) / temperature;
    p.push_back(x < -30 ? 0.0 : std::exp(double{x}));
    sum += p.back();
  }
  for (double& v : p) v /= sum;
  return p;
}

TEST(Softmax, MatchesTheExactExponentialsOverTheWholeRange) {
  std::vector<float> logits;
  for (float x = -29.9F; x <= 0.0F; x += 0.0173F) logits.push_back(x);  // every reduced range and n
  logits.push_back(0.0F);
  for (float temperature : {1.0F, 0.37F, 2.5F}) {
    std::vector<float> p(logits.size());
    Softmax(logits.data(), logits.size(), temperature, p.data());
    const std::vector<double> want = Reference(logits, temperature);
    double sum = 0;
    for (std::size_t c = 0; c < p.size(); ++c) {
      EXPECT_NEAR(p[c], want[c], 4e-7 * want[c])
          << "logit " << logits[c] << ", temperature " << temperature;
      sum += p[c];
    }
    EXPECT_NEAR(sum, 1.0, 1e-5);
  }
}

TEST(Softmax, NegligibleClassesGetZeroAndHugeLogitsStayFinite) {
  const std::vector<float> logits = {1e30F, -1e30F, 1e30F, 0.0F};
  std::vector<float> p(logits.size());
  Softmax(logits.data(), logits.size(), 1.0F, p.data());
  EXPECT_FLOAT_EQ(p[0], 0.5F);
  EXPECT_EQ(p[1], 0.0F);
  EXPECT_EQ(p[3], 0.0F);
  EXPECT_FLOAT_EQ(p[2], 0.5F);
}

}  // namespace
}  // namespace gutbot::intents
