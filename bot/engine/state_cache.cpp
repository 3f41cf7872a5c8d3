#include "bot/engine/state_cache.h"

namespace gutbot::bot {

StateCache::StateCache(std::size_t capacity) : capacity_(capacity) {}

std::optional<VersionedState> StateCache::take(const std::string& user) {
  const auto found = index_.find(user);
  if (found == index_.end()) return std::nullopt;
  VersionedState state = std::move(found->second->second);
  entries_.erase(found->second);
  index_.erase(found);
  return state;
}

void StateCache::put(const std::string& user, VersionedState state) {
  if (capacity_ == 0) return;
  erase(user);
  entries_.emplace_front(user, std::move(state));
  index_.emplace(user, entries_.begin());
  if (index_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

void StateCache::erase(const std::string& user) {
  const auto found = index_.find(user);
  if (found == index_.end()) return;
  entries_.erase(found->second);
  index_.erase(found);
}

void StateCache::clear() {
  index_.clear();
  entries_.clear();
}

}  // namespace gutbot::bot
