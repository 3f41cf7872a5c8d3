// Where committed replies wait until the store has made their turns durable.
// The engine's worker commits a batch, queues its replies here and goes on
// to answer the next batch; this queue's thread meanwhile syncs the store,
// once for everything queued so far, then releases the replies in order.
// The disk's flush thus overlaps the answering instead of stalling it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "bot/common/result.h"
#include "bot/engine/conversation_store.h"

namespace gutbot::bot {

class SyncQueue {
 public:
  // Gets the outcome of the sync its batch waited for.
  using Release = std::function<void(const Status& synced)>;
  // Told of each sync, with how long it took.
  using SyncHook = std::function<void(std::chrono::duration<double>, const Status&)>;

  SyncQueue(ConversationStore& store, SyncHook on_sync);
  ~SyncQueue();  // releases everything queued, then stops
  SyncQueue(const SyncQueue&) = delete;
  SyncQueue& operator=(const SyncQueue&) = delete;

  // Runs `release` after a sync that covers every commit made before this
  // call, and after every release queued before it.
  void push(Release release);
  // Returns once everything queued so far has been released.
  void drain();

 private:
  void run();

  ConversationStore& store_;
  SyncHook on_sync_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable released_;
  std::vector<Release> queue_;  // guarded by mutex_
  std::size_t pushed_ = 0;      // guarded by mutex_
  std::size_t done_ = 0;        // guarded by mutex_
  bool stopping_ = false;       // guarded by mutex_
  std::thread thread_;          // last: starts once everything above exists
};

}  // namespace gutbot::bot
