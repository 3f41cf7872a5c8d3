// A token bucket: allows `rate` events a second on average and bursts of up
// to `burst`. A plain value owned by one session; not thread-safe.
#pragma once

#include <chrono>

namespace gutbot::adapters {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts full. A rate of 0 disables the limit.
  TokenBucket(double rate, double burst, Clock::time_point now = Clock::now());

  // Takes one token; false when the bucket is empty.
  bool take(Clock::time_point now = Clock::now());
  // Whether it has refilled completely: such a bucket is no different from
  // a new one and may be dropped.
  bool full(Clock::time_point now = Clock::now()) const;

 private:
  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace gutbot::adapters
