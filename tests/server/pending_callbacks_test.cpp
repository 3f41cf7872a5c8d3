#include "adapters/server/pending_callbacks.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

namespace gutbot::adapters {
namespace {

TEST(PendingCallbacks, IdleWithNothingTracked) {
  PendingCallbacks callbacks;
  callbacks.wait_idle();
}

TEST(PendingCallbacks, PendingUntilEveryCopyIsGoneAndCapturesAreReleasedFirst) {
  PendingCallbacks callbacks;
  auto captured = std::make_shared<int>(0);
  std::weak_ptr<int> watch = captured;
  std::function<void(int)> handler = callbacks.track([captured](int value) { *captured = value; });
  captured.reset();
  std::function<void(int)> copy = handler;

  std::atomic<bool> idle{false};
  std::thread waiter([&] {
    callbacks.wait_idle();
    // The handler's captures die before the count drops.
    EXPECT_TRUE(watch.expired());
    idle = true;
  });
  handler(7);
  handler = nullptr;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(idle);
  copy = nullptr;
  waiter.join();
  EXPECT_TRUE(idle);
}

}  // namespace
}  // namespace gutbot::adapters
