// Where conversations live: each user's dialogue state and turn log. One
// interface, several backends (SQLite, in-memory for tests). Implementations
// are used from one thread at a time (the engine's worker); they are not
// required to be thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/common/result.h"
#include "bot/engine/content_records.h"
#include "bot/engine/rating.h"

namespace gutbot::bot {

struct StoredState {
  std::string state;     // the dialogue's own JSON, opaque to the store
  std::int64_t version;  // bumped by every committed turn
};

// One answered message, as written by commit().
struct TurnWrite {
  std::string user;
  std::string channel;  // "ws", "http", "telegram", ...
  std::string user_text;
  std::string bot_text;
  std::string reply;         // the reply object as JSON text
  std::string state;         // the conversation state after this turn
  std::int64_t version = 0;  // the state version this turn was computed from
  std::int64_t at_unix_ms = 0;
  TurnFacts facts;  // what the content owner's records keep of it
};

struct TurnRecord {
  std::int64_t seq = 0;
  std::int64_t at_unix_ms = 0;
  std::string channel;
  std::string user_text;
  std::string bot_text;
  std::string reply;
  std::string rating;  // the visitor's rating of the answer (rate()); "" when none
};

// What the delivery ledger knows of a platform's delivery (Telegram's
// update_id, Slack's event_id or trigger_id, Twilio's MessageSid).
struct DeliveryClaim {
  bool first = true;                  // this claim is the first: answer it
  std::optional<std::string> answer;  // otherwise the first one's answer, once recorded
};

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;

  // The user's state, or nullopt for a new user.
  virtual Result<std::optional<StoredState>> load(const std::string& user) = 0;
  // Appends every turn and saves each state, in one transaction: all or none.
  // Turns of one user in one batch are applied in order. Visible to every
  // later call at once; durable at once too, unless the store defers that
  // to sync().
  virtual Status commit(const std::vector<TurnWrite>& batch) = 0;
  // Makes every commit that returned before this call survive a crash of the
  // machine. Unlike the other calls, it may run on another thread while the
  // owner goes on committing (see bot/engine/sync_queue.h). Stores whose commits
  // are durable as they return have nothing to do.
  virtual Status sync() { return {}; }
  // The user's last `limit` turns, oldest first.
  virtual Result<std::vector<TurnRecord>> turns(const std::string& user, std::size_t limit) = 0;
  // Saves `rating` with the user's turn that answered client message
  // `rating.id`, durably, in place of an earlier rating of it; false when
  // the conversation has no such turn.
  virtual Result<bool> rate(const RatingWrite& rating) = 0;
  // The latest `limit` ratings of every conversation, newest first.
  virtual Result<std::vector<RatingRecord>> ratings(std::size_t limit) = 0;
  // Deletes the user's conversation, durably, with everything the content
  // owner's records hold of it: its unanswered questions, its ratings, and
  // its turns in the daily counts. True when there was one.
  virtual Result<bool> forget(const std::string& user) = 0;
  // Deletes conversations idle since before `cutoff_unix_ms`, durably, with
  // their unanswered questions, and the daily counts of every day up to the
  // cutoff's (so no idle conversation stays counted); returns how many
  // conversations went.
  virtual Result<std::size_t> forget_idle(std::int64_t cutoff_unix_ms) = 0;

  // The content owner's records (bot/engine/content_records.h), kept by
  // commit(). The questions answered with coverage partial or none since
  // `since_unix_ms`, newest first, at most `limit`.
  virtual Result<std::vector<UnansweredRecord>> unanswered(std::int64_t since_unix_ms,
                                                           std::size_t limit) = 0;
  // The daily counts of days from `from_day` ("YYYY-MM-DD", UTC) on.
  virtual Result<std::vector<DailyCount>> daily_counts(const std::string& from_day) = 0;
  // Whether the store answers a query now (the readiness probe).
  virtual Status ping() = 0;

  // The delivery ledger, in the store so that every instance sharing it,
  // and one restarted, answers a platform's retry once. Claims `key` at
  // `now_ms` unless a claim at most `ttl_ms` old holds it; older claims are
  // forgotten.
  virtual Result<DeliveryClaim> claim_delivery(const std::string& key, std::int64_t now_ms,
                                               std::int64_t ttl_ms) = 0;
  // Records the answer to a claimed delivery, for its retries.
  virtual Status complete_delivery(const std::string& key, const std::string& answer) = 0;
  // Forgets a claimed delivery whose answer failed, so that a retry is answered.
  virtual Status release_delivery(const std::string& key) = 0;
};

}  // namespace gutbot::bot
