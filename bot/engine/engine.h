// The Engine answers messages: it loads the user's conversation, understands
// the message in that context, chooses the answer, stores the turn, and only
// then hands the Reply back. Thread-safe: every method may be called from any
// thread and none blocks on disk; all store work runs on the engine's own
// worker thread, one conversation's messages strictly in arrival order, and
// a second thread waits for the disk (bot/engine/sync_queue.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/common/result.h"
#include "bot/engine/content_records.h"
#include "bot/engine/conversation_store.h"
#include "bot/engine/dialogue.h"
#include "bot/engine/message.h"
#include "bot/engine/rating.h"
#include "bot/engine/storage_quota.h"

namespace gutbot::knowledge {
class KnowledgeBase;
}
namespace gutbot::intents {
class IntentModel;
}

namespace gutbot::bot {

class ConversationStore;
class Metrics;

struct HistoryEntry {
  std::string role;  // "user" or "bot"
  std::string text;
  std::int64_t at_unix_ms = 0;
  std::string id;  // the client id of the turn's message; may be empty
  // A bot entry's reply as it was first sent (citations, suggestions,
  // safety); nullopt for a user entry or a reply that cannot be read.
  std::optional<Reply> reply;
  std::string rating;  // a bot entry's rating by the visitor: "up", "down" or ""
};

struct EngineOptions {
  // Most messages committed in one store transaction (group commit): one
  // fsync for a thousand waiting turns rather than four.
  std::size_t max_batch = 1024;
  // Conversations kept parsed in memory between their turns (see
  // bot/engine/state_cache.h); each costs about 2 KiB. 0 reads every state
  // from the store.
  std::size_t state_cache_size = 10000;
  // Conversations idle longer than this are deleted; zero keeps them forever.
  std::chrono::seconds retention = std::chrono::hours(24 * 30);
  // How often the worker looks for conversations past their retention.
  std::chrono::seconds retention_sweep = std::chrono::hours(1);
  // Times a turn is answered anew when another instance sharing the store
  // moved its conversation on first, after a random pause that doubles each
  // time (1 ms, 2 ms, ... at most 50 ms); then it fails with "conflict".
  int conflict_attempts = 8;
  // Whether the debug line logged for each turn carries what the user wrote
  // and the answer (health data: off unless the operator asks).
  bool log_message_text = false;
  // How the dialogue answers (its crisis line, among others).
  DialogueOptions dialogue;
  // Turns per conversation, and the guard against new conversations when
  // the store is short of room.
  StorageQuota quota;
  // Where the engine counts what it does; a private registry when null.
  std::shared_ptr<Metrics> metrics;
};

class Engine {
 public:
  using ReplyHandler = std::function<void(Result<Reply>)>;
  using HistoryHandler = std::function<void(Result<std::vector<HistoryEntry>>)>;
  using DoneHandler = std::function<void(Result<bool>)>;
  using StatusHandler = std::function<void(Status)>;
  using ExportHandler = std::function<void(Result<nlohmann::json>)>;
  using RatingsHandler = std::function<void(Result<std::vector<RatingRecord>>)>;
  using ClaimHandler = std::function<void(Result<DeliveryClaim>)>;
  using UnansweredHandler = std::function<void(Result<std::vector<UnansweredRecord>>)>;
  using DailyCountsHandler = std::function<void(Result<std::vector<DailyCount>>)>;

  Engine(std::shared_ptr<const knowledge::KnowledgeBase> kb,
         std::shared_ptr<const intents::IntentModel> model,
         std::unique_ptr<ConversationStore> store, EngineOptions options = {});
  ~Engine();  // finishes the queued work, then stops the worker
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Queues one turn. `done` runs on the engine's own threads once the turn
  // is committed and durable (or failed); like every handler below it must
  // not block, and should post to its own executor. Handlers run in the
  // order their requests were queued.
  void submit(Message message, ReplyHandler done);

  // The user's last `limit` history entries, oldest first.
  void history(std::string user, std::size_t limit, HistoryHandler done);
  // Saves a rating with the turn it rates, durably, stamped with the time;
  // the error "unknown_id" when the user's conversation has no answer to
  // `rating.id`.
  void rate(RatingWrite rating, DoneHandler done);
  // The latest `limit` ratings of every conversation, newest first.
  void ratings(std::size_t limit, RatingsHandler done);
  // Deletes the user's conversation (true when there was one).
  void forget(std::string user, DoneHandler done);
  // The user's whole conversation (bot/engine/conversation_export.h).
  void export_conversation(std::string user, ExportHandler done);
  // Whether the store answers (the readiness probe).
  void check_store(StatusHandler done);

  // The store's delivery ledger (ConversationStore::claim_delivery and the
  // rest), on the worker: claims `key` unless a claim younger than `ttl`
  // holds it, records its answer, or forgets it.
  void claim_delivery(std::string key, std::chrono::seconds ttl, ClaimHandler done);
  void complete_delivery(std::string key, std::string answer, StatusHandler done);
  void release_delivery(std::string key, StatusHandler done);

  // Answers with `kb` and `model` from now on; turns already being answered
  // finish with the old ones. Conversations keep their state: a topic the
  // new base lacks is treated as no topic.
  void reload(std::shared_ptr<const knowledge::KnowledgeBase> kb,
              std::shared_ptr<const intents::IntentModel> model);

  // A stateless FAQ answer; touches no store. Counted as channel "faq".
  Reply ask(const std::string& text) const;

  // The knowledge base answering now.
  std::shared_ptr<const knowledge::KnowledgeBase> knowledge_base() const;
  // The greeting a new conversation opens with, and its suggestions.
  std::string welcome_text() const;
  std::vector<std::string> welcome_suggestions() const;

  // The content owner's records (bot/engine/content_records.h): questions
  // answered with coverage partial or none since `since_unix_ms`, newest
  // first, at most `limit`; the daily counts from `from_day` on. Stateless
  // answers (ask) are in neither: a search box asks them as the visitor types.
  void unanswered(std::int64_t since_unix_ms, std::size_t limit, UnansweredHandler done);
  void daily_counts(std::string from_day, DailyCountsHandler done);
  Metrics& metrics() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gutbot::bot
