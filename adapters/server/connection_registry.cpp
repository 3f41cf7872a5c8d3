#include "adapters/server/connection_registry.h"

#include <vector>

namespace gutbot::adapters {

bool ConnectionRegistry::add(const std::shared_ptr<Connection>& connection) {
  bot::MutexLock lock(mutex_);
  if (stopping_) return false;
  connections_.emplace(connection.get(), connection);
  return true;
}

void ConnectionRegistry::remove(const Connection* connection) {
  bot::MutexLock lock(mutex_);
  connections_.erase(connection);
}

std::size_t ConnectionRegistry::size() const {
  bot::MutexLock lock(mutex_);
  return connections_.size();
}

void ConnectionRegistry::shutdown_all() {
  std::vector<std::weak_ptr<Connection>> open;
  {
    bot::MutexLock lock(mutex_);
    stopping_ = true;
    open.reserve(connections_.size());
    for (const auto& entry : connections_) open.push_back(entry.second);
  }
  // Outside the lock: a connection that dies here removes itself, which
  // takes the lock again.
  for (const auto& weak : open) {
    if (const auto connection = weak.lock()) connection->shutdown();
  }
}

}  // namespace gutbot::adapters
