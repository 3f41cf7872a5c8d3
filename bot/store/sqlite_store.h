// The embedded default ConversationStore: one SQLite file in WAL mode,
// prepared statements, schema versions with migrations. Owned and used by
// one thread at a time (the engine's worker), but for sync().
#pragma once

#include <memory>
#include <string>

#include "bot/engine/conversation_store.h"

struct sqlite3;

namespace gutbot::bot {

struct SqliteOptions {
  // Either way a turn survives power loss once it is durable. Deferred: a
  // commit reaches the operating system only (a killed process loses
  // nothing, a power cut may), and sync() flushes the WAL to the disk, on
  // another thread while the next batch is answered. Otherwise every commit
  // waits for the disk itself (SQLite's synchronous = FULL).
  bool deferred_sync = true;
  // How long a writer waits for another process's lock.
  int busy_timeout_ms = 5000;
  // SQLite's page cache for this connection.
  int cache_kib = 32768;
};

class SqliteStore final : public ConversationStore {
 public:
  // Opens (creating if needed) and migrates the database at `path`.
  // Throws std::runtime_error when it cannot.
  explicit SqliteStore(const std::string& path, SqliteOptions options = {});
  ~SqliteStore() override;

  Result<std::optional<StoredState>> load(const std::string& user) override;
  Status commit(const std::vector<TurnWrite>& batch) override;
  Status sync() override;
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

  // The schema version this code writes; older files are migrated on open.
  static int CurrentSchemaVersion();

 private:
  class Statements;
  // Adds `counts` to the daily counts, inside the open transaction; false
  // when a statement fails.
  bool add_counts(const std::vector<DailyCount>& counts);
  sqlite3* db_ = nullptr;
  std::unique_ptr<Statements> statements_;
  int wal_fd_ = -1;  // the WAL, for sync(); -1 when commits sync themselves
};

}  // namespace gutbot::bot
