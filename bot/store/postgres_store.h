// The ConversationStore for several instances sharing one database:
// PostgreSQL through libpq, a small pool of connections with prepared
// statements, the same tables as the SQLite store. Thread-safe:
// each call borrows a connection from the pool.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "bot/engine/conversation_store.h"

namespace gutbot::bot {

struct PostgresOptions {
  // Connections kept open; a call waits while all of them are in use.
  // A "pool_size=N" parameter in the URL overrides it.
  std::size_t pool_size = 2;
};

class PostgresStore final : public ConversationStore {
 public:
  // Connects to `url` (a libpq URI, "postgresql://user:password@host:port/db?..."),
  // then creates or migrates the schema. Throws std::runtime_error when it
  // cannot (start-up only).
  explicit PostgresStore(const std::string& url, PostgresOptions options = {});
  ~PostgresStore() override;

  // Each call that finds its connection broken before any statement of the
  // call succeeded (the server restarted meanwhile) reconnects and runs once
  // more; otherwise a lost connection is the error "store_unavailable".
  // A commit whose version check fails is the error "conflict" and writes nothing.
  Result<std::optional<StoredState>> load(const std::string& user) override;
  Status commit(const std::vector<TurnWrite>& batch) override;
  Result<std::vector<TurnRecord>> turns(const std::string& user, std::size_t limit) override;
  Result<bool> rate(const RatingWrite& rating) override;
  Result<std::vector<RatingRecord>> ratings(std::size_t limit) override;
  Result<bool> forget(const std::string& user) override;
  Result<std::size_t> forget_idle(std::int64_t cutoff_unix_ms) override;
  Result<std::vector<UnansweredRecord>> unanswered(std::int64_t since_unix_ms,
                                                   std::size_t limit) override;
  Result<std::vector<DailyCount>> daily_counts(const std::string& from_day) override;
  Status ping() override;
  Result<DeliveryClaim> claim_delivery(const std::string& key, std::int64_t now_ms,
                                       std::int64_t ttl_ms) override;
  Status complete_delivery(const std::string& key, const std::string& answer) override;
  Status release_delivery(const std::string& key) override;

  // The schema version this code writes; older databases are migrated on open.
  static int CurrentSchemaVersion();

 private:
  class Connection;
  class Pool;

  // Runs `op` on a pooled connection, once more on a fresh one when the old
  // one turned out to be dead before `op` achieved anything.
  // `R` is what `op` returns: a Result or a Status.
  template <class R, class Op>
  R run(Op op);
  // Adds `counts` to the daily counts, inside `c`'s open transaction.
  static Status add_counts(Connection& c, const std::vector<DailyCount>& counts);

  std::unique_ptr<Pool> pool_;
};

}  // namespace gutbot::bot
