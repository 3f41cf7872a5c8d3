#include "adapters/server/address_rates.h"

namespace gutbot::adapters {
namespace {

// Buckets of addresses that went quiet are dropped once this many are
// tracked, so that a scan of many addresses cannot grow the map without bound.
constexpr std::size_t kBucketsBeforeSweep = 10000;

}  // namespace

bool AddressRates::allow(const std::string& address, TokenBucket::Clock::time_point now) {
  if (rate_ <= 0) return true;
  bot::MutexLock lock(mutex_);
  if (buckets_.size() >= kBucketsBeforeSweep) {
    std::erase_if(buckets_, [now](const auto& entry) { return entry.second.full(now); });
  }
  return buckets_.try_emplace(address, rate_, burst_, now).first->second.take(now);
}

}  // namespace gutbot::adapters
