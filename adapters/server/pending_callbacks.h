// Counts the engine callbacks still addressed to a server, so that the
// server's io_context outlives every callback that may post to it or own a
// connection. Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

#include "bot/common/mutex.h"

namespace gutbot::adapters {

class PendingCallbacks {
 public:
  // `handler` wrapped so that it counts as pending until the wrapper and all
  // its copies are destroyed (after the handler itself).
  template <class Handler>
  auto track(Handler handler) {
    return Tracked<Handler>{acquire(), std::move(handler)};
  }

  // Blocks until no tracked handler is left.
  void wait_idle();

 private:
  template <class Handler>
  struct Tracked {
    // Declared before the handler so it is destroyed after it, with
    // whatever the handler captured.
    std::shared_ptr<void> ticket;
    Handler handler;

    template <class... Args>
    void operator()(Args&&... args) {
      handler(std::forward<Args>(args)...);
    }
  };

  std::shared_ptr<void> acquire();
  void release();

  bot::Mutex mutex_;
  bot::CondVar idle_;
  std::size_t pending_ GUARDED_BY(mutex_) = 0;
};

}  // namespace gutbot::adapters
