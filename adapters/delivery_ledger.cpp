#include "adapters/delivery_ledger.h"

namespace gutbot::adapters {

DeliveryLedger::DeliveryLedger(std::size_t capacity, std::chrono::seconds ttl)
    : capacity_(capacity), ttl_(ttl) {}

std::optional<DeliveryLedger::Seen> DeliveryLedger::claim(const std::string& key,
                                                          Clock::time_point now) {
  std::lock_guard lock(mutex_);
  expire(now);
  if (const auto found = index_.find(key); found != index_.end()) return found->second->seen;
  if (capacity_ == 0) return std::nullopt;
  if (entries_.size() == capacity_) {
    index_.erase(entries_.front().key);
    entries_.pop_front();
  }
  entries_.push_back({key, now, {}});
  index_.emplace(key, std::prev(entries_.end()));
  return std::nullopt;
}

void DeliveryLedger::complete(const std::string& key, WebhookResponse answer) {
  std::lock_guard lock(mutex_);
  if (const auto found = index_.find(key); found != index_.end())
    found->second->seen.answer = std::move(answer);
}

void DeliveryLedger::release(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (const auto found = index_.find(key); found != index_.end()) {
    entries_.erase(found->second);
    index_.erase(found);
  }
}

// Entries are in the order of their time, so the expired ones are in front.
void DeliveryLedger::expire(Clock::time_point now) {
  while (!entries_.empty() && now - entries_.front().at >= ttl_) {
    index_.erase(entries_.front().key);
    entries_.pop_front();
  }
}

}  // namespace gutbot::adapters
