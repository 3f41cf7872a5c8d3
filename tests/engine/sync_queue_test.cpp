#include "bot/engine/sync_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "bot/engine/engine.h"
#include "bot/engine/runtime.h"
#include "bot/store/memory_store.h"

namespace gutbot::bot {
namespace {

namespace fs = std::filesystem;

// A store whose sync() waits until the test opens the gate, and then fails
// when told to: what a slow or broken disk looks like from the engine.
class GatedStore final : public ConversationStore {
 public:
  Result<std::optional<StoredState>> load(const std::string& user) override {
    return inner_.load(user);
  }
  Status commit(const std::vector<TurnWrite>& batch) override {
    ++commits_;
    return inner_.commit(batch);
  }
  Result<std::vector<TurnRecord>> turns(const std::string& user, std::size_t limit) override {
    return inner_.turns(user, limit);
  }
  Result<bool> rate(const RatingWrite& rating) override { return inner_.rate(rating); }
  Result<std::vector<RatingRecord>> ratings(std::size_t limit) override {
    return inner_.ratings(limit);
  }
  Result<bool> forget(const std::string& user) override { return inner_.forget(user); }
  Result<std::size_t> forget_idle(std::int64_t cutoff) override {
    return inner_.forget_idle(cutoff);
  }
  Result<std::vector<UnansweredRecord>> unanswered(std::int64_t since, std::size_t limit) override {
    return inner_.unanswered(since, limit);
  }
  Result<std::vector<DailyCount>> daily_counts(const std::string& from_day) override {
    return inner_.daily_counts(from_day);
  }
  Status ping() override { return inner_.ping(); }
  Result<DeliveryClaim> claim_delivery(const std::string& key, std::int64_t now_ms,
                                       std::int64_t ttl_ms) override {
    return inner_.claim_delivery(key, now_ms, ttl_ms);
  }
  Status complete_delivery(const std::string& key, const std::string& answer) override {
    return inner_.complete_delivery(key, answer);
  }
  Status release_delivery(const std::string& key) override { return inner_.release_delivery(key); }

  Status sync() override {
    std::unique_lock lock(mutex_);
    ++syncs_;
    synced_commits_ = commits_.load();
    opened_.wait(lock, [this] { return open_; });
    if (fail_) return Error{ErrorCode::kStoreUnavailable, "sync: Input/output error"};
    return {};
  }

  void open(bool fail = false) {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
      fail_ = fail;
    }
    opened_.notify_all();
  }
  int syncs() {
    std::lock_guard lock(mutex_);
    return syncs_;
  }
  int synced_commits() {
    std::lock_guard lock(mutex_);
    return synced_commits_;
  }

 private:
  MemoryStore inner_;
  std::atomic<int> commits_{0};
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;       // guarded by mutex_
  bool fail_ = false;       // guarded by mutex_
  int syncs_ = 0;           // guarded by mutex_
  int synced_commits_ = 0;  // guarded by mutex_
};

const Runtime& LeakyGut() {
  static const Runtime rt =
      LoadRuntime(fs::path(GUTBOT_TEST_DATA).parent_path() / "knowledge/leaky-gut");
  return rt;
}

TEST(SyncQueue, ReleasesInOrderAfterOneSyncForEverythingQueued) {
  GatedStore store;
  std::vector<int> order;
  std::mutex order_mutex;
  {
    SyncQueue queue(store, nullptr);
    for (int i = 0; i < 5; ++i) {
      queue.push([&, i](const Status& synced) {
        EXPECT_TRUE(synced);
        std::lock_guard lock(order_mutex);
        order.push_back(i);
      });
    }
    EXPECT_TRUE(order.empty());  // nothing goes out before the disk says so
    store.open();
    queue.drain();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  }
  // The first sync may have started with the first release alone; the rest
  // share at most one more.
  EXPECT_LE(store.syncs(), 2);
}

TEST(SyncQueue, AFailedSyncReachesEveryReleaseItCovered) {
  GatedStore store;
  std::atomic<int> failed{0};
  {
    SyncQueue queue(store, nullptr);
    for (int i = 0; i < 3; ++i) {
      queue.push([&](const Status& synced) {
        if (!synced && synced.error().code == ErrorCode::kStoreUnavailable) ++failed;
      });
    }
    store.open(/*fail=*/true);
  }  // the destructor releases what is queued
  EXPECT_EQ(failed.load(), 3);
}

// The engine hands out a reply only once a sync covering its commit returned.
TEST(EngineSync, AReplyWaitsForTheSyncOfItsTurn) {
  auto owned = std::make_unique<GatedStore>();
  GatedStore& store = *owned;
  Engine engine(LeakyGut().kb, LeakyGut().model, std::move(owned));
  std::promise<Result<Reply>> done;
  auto reply = done.get_future();
  engine.submit({"ann", "what is zonulin", "test", "1"},
                [&](Result<Reply> r) { done.set_value(std::move(r)); });
  while (store.syncs() == 0) std::this_thread::yield();
  EXPECT_EQ(store.synced_commits(), 1);  // the sync began after the commit
  EXPECT_EQ(reply.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  store.open();
  const auto r = reply.get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().topic, "zonulin");
}

TEST(EngineSync, AFailedSyncIsTheTurnsErrorAndARetryGetsTheStoredReply) {
  auto owned = std::make_unique<GatedStore>();
  GatedStore& store = *owned;
  Engine engine(LeakyGut().kb, LeakyGut().model, std::move(owned));
  store.open(/*fail=*/true);
  std::promise<Result<Reply>> first;
  engine.submit({"ann", "what is zonulin", "test", "1"},
                [&](Result<Reply> r) { first.set_value(std::move(r)); });
  const auto failed = first.get_future().get();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kStoreUnavailable);

  // The turn was committed though its durability is unknown: the client's
  // retry gets that turn's reply rather than a second turn.
  store.open();
  std::promise<Result<Reply>> retry;
  engine.submit({"ann", "what is zonulin", "test", "1"},
                [&](Result<Reply> r) { retry.set_value(std::move(r)); });
  const auto again = retry.get_future().get();
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value().topic, "zonulin");
  std::promise<Result<std::vector<HistoryEntry>>> history;
  engine.history("ann", 10, [&](auto r) { history.set_value(std::move(r)); });
  EXPECT_EQ(history.get_future().get().value().size(), 2u);
}

// An engine destroyed with turns still queued answers all of them first:
// its destructor lets the worker finish, then the last flush releases them.
TEST(EngineSync, ShuttingDownHandsOutEveryQueuedReply) {
  constexpr int kTurns = 50;
  std::atomic<int> answered{0};
  {
    Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
    for (int i = 0; i < kTurns; ++i) {
      engine.submit({"user" + std::to_string(i % 5), "what is zonulin", "test", std::to_string(i)},
                    [&](Result<Reply> r) {
                      if (r) ++answered;
                    });
    }
  }
  EXPECT_EQ(answered.load(), kTurns);
}

// Handlers run in the order their requests were queued, though a turn's
// reply waits for the disk and a history read does not.
TEST(EngineSync, AHistoryReadAnswersAfterTheTurnQueuedBeforeIt) {
  auto owned = std::make_unique<GatedStore>();
  GatedStore& store = *owned;
  Engine engine(LeakyGut().kb, LeakyGut().model, std::move(owned));
  std::mutex mutex;
  std::vector<std::string> order;
  std::promise<void> both;
  auto note = [&](const std::string& what) {
    std::lock_guard lock(mutex);
    order.push_back(what);
    if (order.size() == 2) both.set_value();
  };
  engine.submit({"ann", "what is zonulin", "test", "1"}, [&](Result<Reply>) { note("reply"); });
  engine.history("ann", 10, [&](auto) { note("history"); });
  while (store.syncs() == 0) std::this_thread::yield();
  store.open();
  both.get_future().wait();
  EXPECT_EQ(order, (std::vector<std::string>{"reply", "history"}));
}

}  // namespace
}  // namespace gutbot::bot
