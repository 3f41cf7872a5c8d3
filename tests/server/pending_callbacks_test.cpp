#include "adapters/server/pending_callbacks.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <thread>

namespace gutbot::adapters {
namespace {

// Waits for `callbacks` to be idle on a thread of its own, and ends the test
// program at once when that takes more than a few seconds (a count that never
// drops would otherwise block it for good).
void ExpectIdleSoon(PendingCallbacks& callbacks) {
  auto idle = std::async(std::launch::async, [&callbacks] { callbacks.wait_idle(); });
  if (idle.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    std::fputs("PendingCallbacks never became idle\n", stderr);
    std::abort();
  }
}

TEST(PendingCallbacks, IdleWithNothingTrackedOrEverythingReleased) {
  PendingCallbacks callbacks;
  ExpectIdleSoon(callbacks);
  int calls = 0;
  {
    auto handler = callbacks.track([&calls] { ++calls; });
    auto copy = handler;
    copy();
  }
  EXPECT_EQ(calls, 1);
  ExpectIdleSoon(callbacks);
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
