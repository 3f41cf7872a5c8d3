#include "adapters/server/token_bucket.h"

#include <algorithm>

namespace gutbot::adapters {

TokenBucket::TokenBucket(double rate, double burst, Clock::time_point now)
    : rate_(rate), burst_(std::max(burst, 1.0)), tokens_(burst_), last_(now) {}

bool TokenBucket::take(Clock::time_point now) {
  if (rate_ <= 0) return true;
  const std::chrono::duration<double> elapsed = now - last_;
  last_ = now;
  tokens_ = std::min(burst_, tokens_ + std::max(elapsed.count(), 0.0) * rate_);
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

bool TokenBucket::full(Clock::time_point now) const {
  const std::chrono::duration<double> elapsed = now - last_;
  return rate_ <= 0 || tokens_ + std::max(elapsed.count(), 0.0) * rate_ >= burst_;
}

}  // namespace gutbot::adapters
