#include "bot/engine/sync_queue.h"

#include <utility>

namespace gutbot::bot {

SyncQueue::SyncQueue(ConversationStore& store, SyncHook on_sync)
    : store_(store), on_sync_(std::move(on_sync)), thread_([this] { run(); }) {}

SyncQueue::~SyncQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void SyncQueue::push(Release release) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(release));
    ++pushed_;
  }
  wake_.notify_one();
}

void SyncQueue::drain() {
  std::unique_lock lock(mutex_);
  const std::size_t target = pushed_;
  released_.wait(lock, [&] { return done_ >= target; });
}

void SyncQueue::run() {
  for (;;) {
    std::vector<Release> releases;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to release
      releases.swap(queue_);
    }
    // Every release queued was pushed after its batch's commit returned, so
    // this one sync covers them all.
    const auto start = std::chrono::steady_clock::now();
    const Status synced = store_.sync();
    if (on_sync_) on_sync_(std::chrono::steady_clock::now() - start, synced);
    for (Release& release : releases) release(synced);
    {
      std::lock_guard lock(mutex_);
      done_ += releases.size();
    }
    released_.notify_all();
  }
}

}  // namespace gutbot::bot
