// A token bucket per client address: how fast each address may make one
// kind of request (/v1/*, webhooks). Thread-safe; owned by ClientLimits.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

#include "adapters/server/token_bucket.h"
#include "bot/common/mutex.h"

namespace gutbot::adapters {

class AddressRates {
 public:
  // `rate` requests a second per address on average, bursts of `burst`; a
  // rate of 0 allows everything.
  AddressRates(double rate, double burst) : rate_(rate), burst_(burst) {}

  // Takes one request from `address`'s allowance; false when it is spent.
  bool allow(const std::string& address,
             TokenBucket::Clock::time_point now = TokenBucket::Clock::now());

 private:
  const double rate_;
  const double burst_;
  bot::Mutex mutex_;
  std::unordered_map<std::string, TokenBucket> buckets_ GUARDED_BY(mutex_);
};

}  // namespace gutbot::adapters
