// One group commit: the turns the engine's worker took from its queue
// together, answered against their conversations' stored states (a user's
// second turn sees the state the first left), committed in one transaction,
// and handed back only once durable. Used on the engine's worker thread only.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/common/result.h"
#include "bot/engine/conversation_store.h"
#include "bot/engine/message.h"
#include "bot/engine/state_cache.h"
#include "bot/engine/storage_quota.h"
#include "bot/engine/sync_queue.h"

namespace gutbot::bot {

class Dialogue;

struct TurnJob {
  Message message;
  std::function<void(Result<Reply>)> done;
  std::chrono::steady_clock::time_point queued;
};

// What the engine watches; each may be empty.
struct TurnHooks {
  // A new turn's reply, committed and synced, just before it is handed back
  // (on the handout's thread).
  std::function<void(const TurnJob&, const Reply&)> answered;
  // Each commit attempt, with how long it took.
  std::function<void(std::chrono::duration<double>, const Status&)> committed;
};

class TurnBatch {
 public:
  // States come from `cache` when it holds them, else from `store`; they go
  // back to `cache` once committed. Replies go out through `handout`, once
  // the store has synced their turns.
  // `quota` may refuse a message before it becomes a turn.
  TurnBatch(const Dialogue& dialogue, ConversationStore& store, StateCache& cache,
            const TurnHooks& hooks, SyncQueue& handout, const StorageQuota& quota);

  // Answers `job` (or keeps the error when its state cannot be read). A
  // message whose client id the conversation already answered gets that
  // earlier reply and makes no new turn.
  void add(TurnJob job);

  // Commits what was added and queues the replies (or the commit's error) on
  // the handout, leaving the batch empty. When another writer moved one of
  // the conversations on meanwhile (error "conflict") and `last_attempt` is
  // false, nothing is queued: the jobs come back, in order, to be answered
  // again on fresh states.
  std::vector<TurnJob> commit(bool last_attempt);

 private:
  struct Answered {
    TurnJob job;
    Reply reply;
    bool repeat = false;          // an earlier reply sent again; no new turn
    std::optional<Error> failed;  // its state could not be read
  };
  // The reply `user`'s message `id` already got, in this batch or stored.
  std::optional<Reply> earlier_reply(const std::string& user, const std::string& id);

  const Dialogue& dialogue_;
  ConversationStore& store_;
  StateCache& cache_;
  const TurnHooks& hooks_;
  SyncQueue& handout_;
  const StorageQuota& quota_;
  std::vector<Answered> answered_;
  std::vector<TurnWrite> writes_;
  // Each user's state as this batch leaves it, not yet committed.
  std::map<std::string, VersionedState> states_;
};

}  // namespace gutbot::bot
