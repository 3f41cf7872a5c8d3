#include "adapters/server/pending_callbacks.h"

namespace gutbot::adapters {

std::shared_ptr<void> PendingCallbacks::acquire() {
  {
    bot::MutexLock lock(mutex_);
    ++pending_;
  }
  return std::shared_ptr<void>(nullptr, [this](void*) { release(); });
}

void PendingCallbacks::release() {
  bot::MutexLock lock(mutex_);
  if (--pending_ == 0) idle_.notify_all();
}

void PendingCallbacks::wait_idle() {
  bot::MutexLock lock(mutex_);
  while (pending_ != 0) idle_.wait(mutex_);
}

}  // namespace gutbot::adapters
