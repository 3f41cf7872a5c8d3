#include "adapters/server/token_bucket.h"

#include <gtest/gtest.h>

namespace gutbot::adapters {
namespace {

using std::chrono::milliseconds;

TEST(TokenBucket, AllowsTheBurstThenRefillsAtTheRate) {
  const auto start = TokenBucket::Clock::now();
  TokenBucket bucket(5, 10, start);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(bucket.take(start)) << i;
  EXPECT_FALSE(bucket.take(start));
  EXPECT_FALSE(bucket.take(start + milliseconds(100)));  // 0.5 token
  EXPECT_TRUE(bucket.take(start + milliseconds(200)));   // 1 token
  EXPECT_FALSE(bucket.take(start + milliseconds(200)));
}

TEST(TokenBucket, NeverHoldsMoreThanTheBurst) {
  const auto start = TokenBucket::Clock::now();
  TokenBucket bucket(5, 3, start);
  const auto later = start + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(bucket.take(later));
  EXPECT_FALSE(bucket.take(later));
}

TEST(TokenBucket, RateZeroDisablesTheLimit) {
  TokenBucket bucket(0, 1);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(bucket.take());
}

}  // namespace
}  // namespace gutbot::adapters
