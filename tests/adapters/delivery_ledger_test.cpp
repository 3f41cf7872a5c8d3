#include "adapters/delivery_ledger.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace gutbot::adapters {
namespace {

using std::chrono::seconds;
const DeliveryLedger::Clock::time_point kStart{};

TEST(DeliveryLedger, AFirstDeliveryIsNewAndItsRetryIsNot) {
  DeliveryLedger ledger(10, seconds(60));
  EXPECT_FALSE(ledger.claim("telegram:1", kStart));
  const auto retry = ledger.claim("telegram:1", kStart + seconds(1));
  ASSERT_TRUE(retry);
  EXPECT_FALSE(retry->answer) << "still being answered";
  EXPECT_FALSE(ledger.claim("telegram:2", kStart + seconds(1)));
}

TEST(DeliveryLedger, ARetryAfterTheAnswerGetsTheSameAnswer) {
  DeliveryLedger ledger(10, seconds(60));
  ASSERT_FALSE(ledger.claim("twilio:SM1", kStart));
  ledger.complete("twilio:SM1", {200, "text/xml", "<Response/>"});
  const auto retry = ledger.claim("twilio:SM1", kStart + seconds(5));
  ASSERT_TRUE(retry && retry->answer);
  EXPECT_EQ(retry->answer->body, "<Response/>");
}

TEST(DeliveryLedger, AReleasedDeliveryIsNewAgain) {
  DeliveryLedger ledger(10, seconds(60));
  ASSERT_FALSE(ledger.claim("slack:Ev1", kStart));
  ledger.release("slack:Ev1");
  EXPECT_FALSE(ledger.claim("slack:Ev1", kStart));
}

TEST(DeliveryLedger, ForgetsAfterItsTimeToLive) {
  DeliveryLedger ledger(10, seconds(60));
  ASSERT_FALSE(ledger.claim("a", kStart));
  EXPECT_TRUE(ledger.claim("a", kStart + seconds(59)));
  EXPECT_FALSE(ledger.claim("a", kStart + seconds(60)));
}

TEST(DeliveryLedger, ForgetsTheOldestBeyondItsCapacity) {
  DeliveryLedger ledger(2, seconds(60));
  ASSERT_FALSE(ledger.claim("a", kStart));
  ASSERT_FALSE(ledger.claim("b", kStart));
  ASSERT_FALSE(ledger.claim("c", kStart));
  EXPECT_TRUE(ledger.claim("c", kStart));
  EXPECT_TRUE(ledger.claim("b", kStart));
  EXPECT_FALSE(ledger.claim("a", kStart));
}

TEST(DeliveryLedger, ConcurrentDeliveriesOfOneIdAreClaimedOnce) {
  DeliveryLedger ledger(100, seconds(60));
  std::atomic<int> claimed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int id = 0; id < 50; ++id) {
        if (!ledger.claim("telegram:" + std::to_string(id))) ++claimed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(claimed, 50);
}

}  // namespace
}  // namespace gutbot::adapters
