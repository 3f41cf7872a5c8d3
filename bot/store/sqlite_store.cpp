#include "bot/store/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace gutbot::bot {
namespace {

// Each entry brings the schema from version i to i + 1; never edit a shipped
// entry, append a new one.
constexpr const char* kMigrations[] = {
    // 1: conversations and their turns.
    R"sql(
    CREATE TABLE conversations (
      user        TEXT PRIMARY KEY,
      state       TEXT NOT NULL,
      version     INTEGER NOT NULL,
      updated_ms  INTEGER NOT NULL
    );
    CREATE TABLE turns (
      user        TEXT NOT NULL REFERENCES conversations(user) ON DELETE CASCADE,
      seq         INTEGER NOT NULL,
      at_ms       INTEGER NOT NULL,
      user_text   TEXT NOT NULL,
      bot_text    TEXT NOT NULL,
      reply       TEXT NOT NULL,
      PRIMARY KEY (user, seq)
    ) WITHOUT ROWID;
    CREATE INDEX conversations_by_age ON conversations(updated_ms);
    )sql",
    // 2: the channel each turn came through.
    R"sql(
    ALTER TABLE turns ADD COLUMN channel TEXT NOT NULL DEFAULT '';
    )sql",
    // 3: turns in a rowid table, in the order they were written, found by a
    // small (user, seq) index. A turn is a kilobyte or more, too large for a
    // WITHOUT ROWID table keyed by user: there a group commit of a thousand
    // conversations rewrote a thousand scattered pages of turns, here it
    // appends to the table's last pages and touches the small index.
    R"sql(
    CREATE TABLE turns_v3 (
      id          INTEGER PRIMARY KEY,
      user        TEXT NOT NULL REFERENCES conversations(user) ON DELETE CASCADE,
      seq         INTEGER NOT NULL,
      at_ms       INTEGER NOT NULL,
      user_text   TEXT NOT NULL,
      bot_text    TEXT NOT NULL,
      reply       TEXT NOT NULL,
      channel     TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO turns_v3(user, seq, at_ms, user_text, bot_text, reply, channel)
      SELECT user, seq, at_ms, user_text, bot_text, reply, channel FROM turns ORDER BY at_ms, user, seq;
    DROP TABLE turns;
    ALTER TABLE turns_v3 RENAME TO turns;
    CREATE UNIQUE INDEX turns_by_user ON turns(user, seq);
    )sql",
    // 4: a conversation's turns form a chain, newest first: the conversation
    // names its latest turn, each turn the one before it. Writing a turn then
    // appends to the table and rewrites the conversation's row, which the
    // turn rewrites anyway. The (user, seq) index it replaces took each turn
    // of a group commit to a page of its own: 5.8 KB written per turn
    // against 2.4 KB, and 7 % of the server's CPU.
    R"sql(
    CREATE TABLE turns_v4 (
      id          INTEGER PRIMARY KEY,
      user        TEXT NOT NULL,
      seq         INTEGER NOT NULL,
      prev        INTEGER,
      at_ms       INTEGER NOT NULL,
      user_text   TEXT NOT NULL,
      bot_text    TEXT NOT NULL,
      reply       TEXT NOT NULL,
      channel     TEXT NOT NULL
    );
    INSERT INTO turns_v4(id, user, seq, prev, at_ms, user_text, bot_text, reply, channel)
      SELECT t.id, t.user, t.seq,
             (SELECT p.id FROM turns p WHERE p.user = t.user AND p.seq = t.seq - 1),
             t.at_ms, t.user_text, t.bot_text, t.reply, t.channel
      FROM turns t ORDER BY t.id;
    ALTER TABLE conversations ADD COLUMN last_turn INTEGER;
    UPDATE conversations SET last_turn =
      (SELECT id FROM turns WHERE turns.user = conversations.user ORDER BY seq DESC LIMIT 1);
    DROP TABLE turns;
    ALTER TABLE turns_v4 RENAME TO turns;
    )sql",
    // 5: a visitor's rating of an answer, kept with its turn; the few rated
    // turns are listed newest first through a partial index.
    R"sql(
    ALTER TABLE turns ADD COLUMN rating TEXT;
    ALTER TABLE turns ADD COLUMN comment TEXT;
    ALTER TABLE turns ADD COLUMN rated_ms INTEGER;
    CREATE INDEX turns_by_rating ON turns(rated_ms) WHERE rated_ms IS NOT NULL;
    )sql",
    // 6 (issue #20, the delivery ledger): the platforms' deliveries claimed,
    // with their answers, shared by every process on the file.
    R"sql(
    CREATE TABLE deliveries (
      key         TEXT PRIMARY KEY,
      claimed_ms  INTEGER NOT NULL,
      answer      TEXT
    );
    CREATE INDEX deliveries_by_age ON deliveries(claimed_ms);
    )sql",
    // 7 (issue #23, the content owner's console): the questions answered
    // with coverage partial or none, newest last, and the messages counted
    // per day by what they were. Neither holds more of a visitor than the
    // conversation key, and forget() deletes or uncounts both.
    R"sql(
    CREATE TABLE unanswered (
      id          INTEGER PRIMARY KEY,
      user        TEXT NOT NULL,
      at_ms       INTEGER NOT NULL,
      channel     TEXT NOT NULL,
      text        TEXT NOT NULL,
      coverage    TEXT NOT NULL,
      topic       TEXT NOT NULL,
      missing     TEXT NOT NULL
    );
    CREATE INDEX unanswered_by_user ON unanswered(user);
    CREATE TABLE daily_counts (
      day         TEXT NOT NULL,
      intent      TEXT NOT NULL,
      channel     TEXT NOT NULL,
      coverage    TEXT NOT NULL,
      safety      TEXT NOT NULL,
      count       INTEGER NOT NULL,
      PRIMARY KEY (day, intent, channel, coverage, safety)
    ) WITHOUT ROWID;
    )sql",
};

// A WITH clause naming `chain(id, n)`: the turns of the conversations that
// `where` selects, the latest first (n = 1), at most `limit` of each when
// given. A turn's previous turn is older, so has a smaller id: that ends the
// walk even in a damaged file.
std::string TurnChain(std::string_view where, std::string_view limit = {}) {
  std::string sql = "WITH RECURSIVE chain(id, n) AS (SELECT last_turn, 1 FROM conversations WHERE ";
  sql.append(where).append(" AND last_turn IS NOT NULL UNION ALL ");
  sql += "SELECT turns.prev, chain.n + 1 FROM chain CROSS JOIN turns ON turns.id = chain.id ";
  sql += "WHERE turns.prev < turns.id";
  if (!limit.empty()) sql.append(" AND chain.n < ").append(limit);
  return sql + ") ";
}

// A prepared statement, reset after every use.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // SQLITE_STATIC: SQLite reads the text in place rather than copying it;
  // `s` outlives the step, and reset() clears the bindings.
  Statement& bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& bind(int i, std::string&& s) = delete;  // would dangle before the step
  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : "";
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  sqlite3_stmt* handle() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement however the scope is left.
struct ResetOnExit {
  Statement& s;
  ~ResetOnExit() { s.reset(); }
};

// Steps a statement that returns no rows: whether it ran to the end.
bool Run(Statement& s) {
  ResetOnExit reset{s};
  return s.step() == SQLITE_DONE;
}

void Exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error("sqlite: " + text + " in: " + sql.substr(0, 80));
  }
}

// The open WAL file of `db`'s main database, or -1 when it has none (an
// in-memory database). The WAL exists from the first transaction on and
// stays while the connection is open.
int OpenWal(sqlite3* db) {
  const char* path = sqlite3_db_filename(db, "main");
  if (path == nullptr || *path == '\0') return -1;
  const std::string wal = std::string(path) + "-wal";
  const int fd = ::open(wal.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + wal + ": " + std::strerror(errno));
  return fd;
}

Error StoreError(sqlite3* db, const char* what) {
  return Error{ErrorCode::kStoreUnavailable, std::string(what) + ": " + sqlite3_errmsg(db)};
}

struct Transaction {
  explicit Transaction(sqlite3* db)
      : begin(db, "BEGIN IMMEDIATE"), commit(db, "COMMIT"), rollback(db, "ROLLBACK") {}
  // Rolls the open transaction back and passes `error` on.
  Error abort(Error error) {
    Run(rollback);
    return error;
  }
  Statement begin, commit, rollback;
};

// Runs `before` (false: failed) and then `deletions`, each given `key` as
// ?1, in one transaction. Returns how many rows the last one deleted: the
// conversations.
template <typename Key, typename Before>
Result<std::size_t> DeleteConversations(sqlite3* db, Transaction& tx,
                                        std::initializer_list<Statement*> deletions, const Key& key,
                                        Before before) {
  if (!Run(tx.begin)) return StoreError(db, "begin");
  if (!before()) return tx.abort(StoreError(db, "forget"));
  for (Statement* s : deletions) {
    if (!Run(s->bind(1, key))) return tx.abort(StoreError(db, "forget"));
  }
  const auto removed = static_cast<std::size_t>(sqlite3_changes(db));
  if (!Run(tx.commit)) return tx.abort(StoreError(db, "commit"));
  return removed;
}

// Binds a daily count's day and facts to ?1 to ?5.
Statement& BindDay(Statement& s, const DailyCount& c) {
  return s.bind(1, c.day)
      .bind(2, c.intent)
      .bind(3, c.channel)
      .bind(4, c.coverage)
      .bind(5, c.safety);
}

}  // namespace

class SqliteStore::Statements {
 public:
  explicit Statements(sqlite3* db)
      : transaction(db),
        load(db, "SELECT state, version FROM conversations WHERE user = ?1"),
        // A turn's state is saved only when it moves on from the version the
        // turn was computed from: version 0 creates the conversation (not
        // when it exists), later ones advance it (not when it is gone, so a
        // stale writer cannot bring a forgotten conversation back).
        create(db,
               "INSERT INTO conversations(user, state, version, updated_ms, last_turn) "
               "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(user) DO NOTHING"),
        advance(
            db,
            "UPDATE conversations SET state = ?2, version = ?3, updated_ms = ?4, last_turn = ?5 "
            "WHERE user = ?1 AND version = ?3 - 1"),
        // Linked to the conversation's latest turn, if it has one; the
        // conversation's row is then checked and moved on to this turn.
        append(db,
               "INSERT INTO turns(user, seq, prev, at_ms, user_text, bot_text, reply, channel) "
               "VALUES (?1, ?2, (SELECT last_turn FROM conversations WHERE user = ?1), ?3, ?4, ?5, "
               "?6, ?7)"),
        turns(db, TurnChain("user = ?1", "?2") +
                      "SELECT seq, at_ms, channel, user_text, bot_text, reply, rating "
                      "FROM chain CROSS JOIN turns ON turns.id = chain.id ORDER BY chain.n DESC"),
        // The latest of the user's turns that answered client id ?2.
        rate(db,
             TurnChain("user = ?1") +
                 "UPDATE turns SET rating = ?3, comment = ?4, rated_ms = ?5 WHERE id = ("
                 "SELECT turns.id FROM chain CROSS JOIN turns ON turns.id = chain.id "
                 "WHERE json_valid(turns.reply) AND json_extract(turns.reply, '$.reply_to') = ?2 "
                 "ORDER BY chain.n LIMIT 1)"),
        ratings(db,
                "SELECT user, seq, channel, user_text, bot_text, rating, comment, rated_ms FROM "
                "turns WHERE rated_ms IS NOT NULL ORDER BY rated_ms DESC LIMIT ?1"),
        forget_turns(
            db, TurnChain("user = ?1") + "DELETE FROM turns WHERE id IN (SELECT id FROM chain)"),
        forget(db, "DELETE FROM conversations WHERE user = ?1"),
        forget_idle_turns(db, TurnChain("updated_ms < ?1") +
                                  "DELETE FROM turns WHERE id IN (SELECT id FROM chain)"),
        forget_idle(db, "DELETE FROM conversations WHERE updated_ms < ?1"),
        ping(db, "SELECT count(*) FROM conversations WHERE user = ''"),
        add_unanswered(db,
                       "INSERT INTO unanswered(user, at_ms, channel, text, coverage, topic, "
                       "missing) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        unanswered(db,
                   "SELECT user, at_ms, channel, text, coverage, topic, missing FROM unanswered "
                   "WHERE at_ms >= ?1 ORDER BY id DESC LIMIT ?2"),
        forget_unanswered(db, "DELETE FROM unanswered WHERE user = ?1"),
        forget_idle_unanswered(db,
                               "DELETE FROM unanswered WHERE user IN (SELECT user FROM "
                               "conversations WHERE updated_ms < ?1)"),
        add_count(db,
                  "INSERT INTO daily_counts VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO "
                  "UPDATE SET count = count + excluded.count"),
        drop_spent_count(db,
                         "DELETE FROM daily_counts WHERE day = ?1 AND intent = ?2 AND channel = "
                         "?3 AND coverage = ?4 AND safety = ?5 AND count <= 0"),
        daily_counts(db,
                     "SELECT day, intent, channel, coverage, safety, count FROM daily_counts "
                     "WHERE day >= ?1 ORDER BY day"),
        expire_counts(db, "DELETE FROM daily_counts WHERE day <= ?1"),
        expire_deliveries(db, "DELETE FROM deliveries WHERE claimed_ms < ?1"),
        claim_delivery(
            db,
            "INSERT INTO deliveries(key, claimed_ms) VALUES (?1, ?2) ON CONFLICT(key) DO NOTHING"),
        delivery_answer(db, "SELECT answer FROM deliveries WHERE key = ?1"),
        complete_delivery(db, "UPDATE deliveries SET answer = ?2 WHERE key = ?1"),
        release_delivery(db, "DELETE FROM deliveries WHERE key = ?1") {}

  Transaction transaction;
  Statement load, create, advance, append, turns, rate, ratings;
  Statement forget_turns, forget, forget_idle_turns, forget_idle, ping;
  Statement add_unanswered, unanswered, forget_unanswered, forget_idle_unanswered;
  Statement add_count, drop_spent_count, daily_counts, expire_counts;
  Statement expire_deliveries, claim_delivery, delivery_answer, complete_delivery, release_delivery;
};

int SqliteStore::CurrentSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

SqliteStore::SqliteStore(const std::string& path, SqliteOptions options) {
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open database " + path + ": " + message);
  }
  try {
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    // Turns are appended, so larger pages mean fewer WAL frames (two write
    // calls each) per commit; each conversation a commit touches rewrites
    // its page of the conversations table, where smaller pages write less.
    // Measured with bench/store_bench (CPU per turn, 1,000-turn commits,
    // schema 4): 4 KiB 17 µs, 8 KiB 14 µs, 16 KiB 13-13.5 µs. Takes effect
    // only in a new file.
    Exec(db_, "PRAGMA page_size = 8192");
    Exec(db_, "PRAGMA journal_mode = WAL");
    Exec(db_, options.deferred_sync ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
    // Keeps the active conversations' pages in memory rather than reading
    // them back from the WAL for every turn (negative: KiB).
    Exec(db_, "PRAGMA cache_size = -" + std::to_string(options.cache_kib));
    // Checkpoint every 8,192 pages (64 MiB of WAL) instead of the default
    // 1,000 pages: a page rewritten by many commits is copied back once, and
    // fewer commits pay for a checkpoint. The file is truncated back after.
    Exec(db_, "PRAGMA wal_autocheckpoint = 8192");
    Exec(db_, "PRAGMA journal_size_limit = 67108864");

    Exec(db_, "BEGIN IMMEDIATE");
    Statement version(db_, "PRAGMA user_version");
    version.step();
    const int from = static_cast<int>(version.integer(0));
    version.reset();  // a statement still reading would keep a migration from dropping a table
    if (from > CurrentSchemaVersion()) {
      throw std::runtime_error(path + " has schema version " + std::to_string(from) +
                               ", newer than this program's " +
                               std::to_string(CurrentSchemaVersion()));
    }
    for (int v = from; v < CurrentSchemaVersion(); ++v) Exec(db_, kMigrations[v]);
    Exec(db_, "PRAGMA user_version = " + std::to_string(CurrentSchemaVersion()));
    Exec(db_, "COMMIT");
    statements_ = std::make_unique<Statements>(db_);
    if (options.deferred_sync) wal_fd_ = OpenWal(db_);
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

SqliteStore::~SqliteStore() {
  if (wal_fd_ >= 0) ::close(wal_fd_);
  statements_.reset();
  sqlite3_close(db_);
}

// fdatasync flushes the file's data whichever descriptor wrote it, so a
// descriptor of our own syncs what SQLite's connection wrote, from any thread.
Status SqliteStore::sync() {
  if (wal_fd_ < 0) return {};
  if (::fdatasync(wal_fd_) != 0) {
    return Error{ErrorCode::kStoreUnavailable, std::string("sync: ") + std::strerror(errno)};
  }
  return {};
}

Result<std::optional<StoredState>> SqliteStore::load(const std::string& user) {
  Statement& s = statements_->load;
  ResetOnExit reset{s};
  s.bind(1, user);
  switch (s.step()) {
    case SQLITE_ROW:
      return std::optional<StoredState>(StoredState{s.text(0), s.integer(1)});
    case SQLITE_DONE:
      return std::optional<StoredState>();
    default:
      return StoreError(db_, "load");
  }
}

Status SqliteStore::commit(const std::vector<TurnWrite>& batch) {
  Transaction& tx = statements_->transaction;
  if (!Run(tx.begin)) return StoreError(db_, "begin");
  for (const TurnWrite& t : batch) {
    const std::int64_t next = t.version + 1;
    Statement& add = statements_->append;
    add.bind(1, t.user)
        .bind(2, next)
        .bind(3, t.at_unix_ms)
        .bind(4, t.user_text)
        .bind(5, t.bot_text)
        .bind(6, t.reply)
        .bind(7, t.channel);
    if (!Run(add)) return tx.abort(StoreError(db_, "append turn"));
    Statement& up = t.version == 0 ? statements_->create : statements_->advance;
    up.bind(1, t.user)
        .bind(2, t.state)
        .bind(3, next)
        .bind(4, t.at_unix_ms)
        .bind(5, sqlite3_last_insert_rowid(db_));
    if (!Run(up)) return tx.abort(StoreError(db_, "save state"));
    // The version check failed: another writer moved the conversation on.
    if (sqlite3_changes(db_) != 1)
      return tx.abort(Error{ErrorCode::kConflict, "the conversation changed meanwhile"});
    if (t.facts.unanswered()) {
      Statement& add = statements_->add_unanswered;
      add.bind(1, t.user)
          .bind(2, t.at_unix_ms)
          .bind(3, t.channel)
          .bind(4, t.user_text)
          .bind(5, t.facts.coverage)
          .bind(6, t.facts.topic)
          .bind(7, t.facts.missing);
      if (!Run(add)) return tx.abort(StoreError(db_, "record unanswered"));
    }
  }
  DailyCounter counter;
  for (const TurnWrite& t : batch) counter.add(t.at_unix_ms, t.channel, t.facts);
  if (!add_counts(counter.counts())) return tx.abort(StoreError(db_, "count"));
  if (!Run(tx.commit)) return tx.abort(StoreError(db_, "commit"));
  return {};
}

bool SqliteStore::add_counts(const std::vector<DailyCount>& counts) {
  for (const DailyCount& c : counts) {
    if (!Run(BindDay(statements_->add_count, c).bind(6, c.count))) return false;
    // Only forgetting takes counts off, and only it can spend one.
    if (c.count < 0 && !Run(BindDay(statements_->drop_spent_count, c))) return false;
  }
  return true;
}

Result<std::vector<TurnRecord>> SqliteStore::turns(const std::string& user, std::size_t limit) {
  Statement& s = statements_->turns;
  ResetOnExit reset{s};
  s.bind(1, user).bind(2, static_cast<std::int64_t>(limit));
  std::vector<TurnRecord> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back(
        {s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)});
  }
  if (rc != SQLITE_DONE) return StoreError(db_, "read turns");
  return out;
}

// A rating is promised when it returns, like a deletion below.
Result<bool> SqliteStore::rate(const RatingWrite& rating) {
  Statement& s = statements_->rate;
  s.bind(1, rating.user)
      .bind(2, rating.id)
      .bind(3, rating.rating)
      .bind(4, rating.comment)
      .bind(5, rating.at_unix_ms);
  if (!Run(s)) return StoreError(db_, "rate");
  const bool found = sqlite3_changes(db_) > 0;
  if (auto synced = sync(); !synced) return synced.error();
  return found;
}

Result<std::vector<RatingRecord>> SqliteStore::ratings(std::size_t limit) {
  Statement& s = statements_->ratings;
  ResetOnExit reset{s};
  s.bind(1, static_cast<std::int64_t>(limit));
  std::vector<RatingRecord> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back({s.text(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6),
                   s.integer(7)});
  }
  if (rc != SQLITE_DONE) return StoreError(db_, "read ratings");
  return out;
}

Result<std::vector<UnansweredRecord>> SqliteStore::unanswered(std::int64_t since_unix_ms,
                                                              std::size_t limit) {
  Statement& s = statements_->unanswered;
  ResetOnExit reset{s};
  s.bind(1, since_unix_ms).bind(2, static_cast<std::int64_t>(limit));
  std::vector<UnansweredRecord> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back({s.text(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)});
  }
  if (rc != SQLITE_DONE) return StoreError(db_, "read unanswered");
  return out;
}

Result<std::vector<DailyCount>> SqliteStore::daily_counts(const std::string& from_day) {
  Statement& s = statements_->daily_counts;
  ResetOnExit reset{s};
  s.bind(1, from_day);
  std::vector<DailyCount> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5)});
  }
  if (rc != SQLITE_DONE) return StoreError(db_, "read daily counts");
  return out;
}

// A deletion is promised when these return: flushed now, not with the next
// batch of turns.
Result<bool> SqliteStore::forget(const std::string& user) {
  auto uncount = [&] {
    auto turns = this->turns(user, std::numeric_limits<std::int64_t>::max());
    return turns && add_counts(Uncounted(turns.value()));
  };
  auto removed = DeleteConversations(
      db_, statements_->transaction,
      {&statements_->forget_unanswered, &statements_->forget_turns, &statements_->forget}, user,
      uncount);
  if (!removed) return removed.error();
  if (auto synced = sync(); !synced) return synced.error();
  return removed.value() > 0;
}

Result<std::size_t> SqliteStore::forget_idle(std::int64_t cutoff_unix_ms) {
  // Every turn of an idle conversation is older than the cutoff: its days'
  // counts go with the cutoff's day.
  const std::string last_day = UtcDay(cutoff_unix_ms);
  auto expire_counts = [&] { return Run(statements_->expire_counts.bind(1, last_day)); };
  auto removed = DeleteConversations(db_, statements_->transaction,
                                     {&statements_->forget_idle_unanswered,
                                      &statements_->forget_idle_turns, &statements_->forget_idle},
                                     cutoff_unix_ms, expire_counts);
  if (removed) {
    if (auto synced = sync(); !synced) return synced.error();
  }
  return removed;
}

// Each statement commits on its own: a claim is one INSERT, atomic between
// the processes sharing the file.
Result<DeliveryClaim> SqliteStore::claim_delivery(const std::string& key, std::int64_t now_ms,
                                                  std::int64_t ttl_ms) {
  if (!Run(statements_->expire_deliveries.bind(1, now_ms - ttl_ms)))
    return StoreError(db_, "expire deliveries");
  if (!Run(statements_->claim_delivery.bind(1, key).bind(2, now_ms)))
    return StoreError(db_, "claim delivery");
  if (sqlite3_changes(db_) == 1) return DeliveryClaim{};
  Statement& s = statements_->delivery_answer;
  ResetOnExit reset{s};
  s.bind(1, key);
  if (s.step() != SQLITE_ROW) return StoreError(db_, "read delivery");
  DeliveryClaim seen{false, std::nullopt};
  if (sqlite3_column_type(s.handle(), 0) != SQLITE_NULL) seen.answer = s.text(0);
  return seen;
}

Status SqliteStore::complete_delivery(const std::string& key, const std::string& answer) {
  if (!Run(statements_->complete_delivery.bind(1, key).bind(2, answer)))
    return StoreError(db_, "complete delivery");
  return {};
}

Status SqliteStore::release_delivery(const std::string& key) {
  if (!Run(statements_->release_delivery.bind(1, key))) return StoreError(db_, "release delivery");
  return {};
}

Status SqliteStore::ping() {
  Statement& s = statements_->ping;
  ResetOnExit reset{s};
  if (s.step() != SQLITE_ROW) return StoreError(db_, "ping");
  return {};
}

}  // namespace gutbot::bot
