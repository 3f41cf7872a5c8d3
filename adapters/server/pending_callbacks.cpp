#include "adapters/server/pending_callbacks.h"

namespace gutbot::adapters {

std::shared_ptr<void> PendingCallbacks::acquire() {
  {
    const std::lock_guard lock(mutex_);
    ++pending_;
  }
  return std::shared_ptr<void>(nullptr, [this](void*) { release(); });
}

void PendingCallbacks::release() {
  const std::lock_guard lock(mutex_);
  if (--pending_ == 0) idle_.notify_all();
}

void PendingCallbacks::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return pending_ == 0; });
}

}  // namespace gutbot::adapters
