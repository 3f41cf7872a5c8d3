#include "bot/store/postgres_store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>

#include "bot/common/mutex.h"

namespace gutbot::bot {
namespace {

// The same tables as the SQLite store's, in PostgreSQL's dialect ("user" is
// reserved there, hence user_id), with versions of their own: SQLite's
// changes of layout (its migrations 3 and 4) have no counterpart here. Each
// entry brings the schema from version i to i + 1; never edit a shipped
// entry, append a new one.
constexpr const char* kMigrations[] = {
    // 1: conversations and their turns.
    R"sql(
    CREATE TABLE conversations (
      user_id     TEXT PRIMARY KEY,
      state       TEXT NOT NULL,
      version     BIGINT NOT NULL,
      updated_ms  BIGINT NOT NULL
    );
    CREATE TABLE turns (
      user_id     TEXT NOT NULL REFERENCES conversations(user_id) ON DELETE CASCADE,
      seq         BIGINT NOT NULL,
      at_ms       BIGINT NOT NULL,
      user_text   TEXT NOT NULL,
      bot_text    TEXT NOT NULL,
      reply       TEXT NOT NULL,
      PRIMARY KEY (user_id, seq)
    );
    CREATE INDEX conversations_by_age ON conversations(updated_ms);
    )sql",
    // 2: the channel each turn came through.
    R"sql(
    ALTER TABLE turns ADD COLUMN channel TEXT NOT NULL DEFAULT '';
    )sql",
    // 3: a visitor's rating of an answer, kept with its turn; the few rated
    // turns are listed newest first through a partial index.
    R"sql(
    ALTER TABLE turns ADD COLUMN rating TEXT, ADD COLUMN comment TEXT, ADD COLUMN rated_ms BIGINT;
    CREATE INDEX turns_by_rating ON turns(rated_ms) WHERE rated_ms IS NOT NULL;
    )sql",
    // 4 (issue #20, the delivery ledger): the platforms' deliveries claimed,
    // with their answers, shared by every instance on the database.
    R"sql(
    CREATE TABLE deliveries (
      key         TEXT PRIMARY KEY,
      claimed_ms  BIGINT NOT NULL,
      answer      TEXT
    );
    CREATE INDEX deliveries_by_age ON deliveries(claimed_ms);
    )sql",
    // 5 (issue #23, the content owner's console): the questions answered
    // with coverage partial or none, deleted with their conversation, and
    // the messages counted per day by what they were.
    R"sql(
    CREATE TABLE unanswered (
      id          BIGSERIAL PRIMARY KEY,
      user_id     TEXT NOT NULL REFERENCES conversations(user_id) ON DELETE CASCADE,
      at_ms       BIGINT NOT NULL,
      channel     TEXT NOT NULL,
      text        TEXT NOT NULL,
      coverage    TEXT NOT NULL,
      topic       TEXT NOT NULL,
      missing     TEXT NOT NULL
    );
    CREATE INDEX unanswered_by_user ON unanswered(user_id);
    CREATE INDEX unanswered_by_age ON unanswered(at_ms);
    CREATE TABLE daily_counts (
      day         TEXT NOT NULL,
      intent      TEXT NOT NULL,
      channel     TEXT NOT NULL,
      coverage    TEXT NOT NULL,
      safety      TEXT NOT NULL,
      count       BIGINT NOT NULL,
      PRIMARY KEY (day, intent, channel, coverage, safety)
    );
    )sql",
};

// Serialises migrations of instances starting at once ("gutb").
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(1735750754)";

struct StatementText {
  const char* name;
  const char* sql;
};

constexpr StatementText kStatements[] = {
    {"load", "SELECT state, version FROM conversations WHERE user_id = $1"},
    // Saves the state only when it moves on from the version the turn was
    // computed from, and appends the turn only when the state was saved: one
    // row changed means the turn is in, none means another writer was first.
    // Version 0 creates the conversation (not when it exists), later ones
    // advance it (not when it is gone: a stale writer cannot bring a
    // forgotten conversation back).
    // Concurrent writers of one conversation wait on its row lock and then
    // see the committed version.
    {"commit_turn",
     "WITH created AS ("
     "  INSERT INTO conversations(user_id, state, version, updated_ms)"
     "  SELECT $1, $2, $3::bigint, $4::bigint WHERE $3::bigint = 1"
     "  ON CONFLICT (user_id) DO NOTHING"
     "  RETURNING user_id, version), "
     "advanced AS ("
     "  UPDATE conversations SET state = $2, version = $3::bigint, updated_ms = $4::bigint"
     "  WHERE user_id = $1 AND version = $3::bigint - 1"
     "  RETURNING user_id, version) "
     "INSERT INTO turns(user_id, seq, at_ms, user_text, bot_text, reply, channel) "
     "SELECT user_id, version, $4, $5, $6, $7, $8 FROM "
     "(SELECT * FROM created UNION ALL SELECT * FROM advanced) AS saved"},
    {"turns",
     "SELECT seq, at_ms, channel, user_text, bot_text, reply, coalesce(rating, '') FROM "
     "(SELECT * FROM turns WHERE user_id = $1 ORDER BY seq DESC LIMIT $2) AS recent ORDER BY seq"},
    // The latest of the user's turns that answered client id $2.
    {"rate",
     "UPDATE turns SET rating = $3, comment = $4, rated_ms = $5::bigint WHERE user_id = $1 AND seq "
     "= "
     "(SELECT seq FROM turns WHERE user_id = $1 AND reply::jsonb ->> 'reply_to' = $2 "
     "ORDER BY seq DESC LIMIT 1)"},
    {"ratings",
     "SELECT user_id, seq, channel, user_text, bot_text, rating, comment, rated_ms FROM turns "
     "WHERE rated_ms IS NOT NULL ORDER BY rated_ms DESC LIMIT $1"},
    {"add_unanswered",
     "INSERT INTO unanswered(user_id, at_ms, channel, text, coverage, topic, missing) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    {"unanswered",
     "SELECT user_id, at_ms, channel, text, coverage, topic, missing FROM unanswered "
     "WHERE at_ms >= $1 ORDER BY at_ms DESC, id DESC LIMIT $2"},
    // Counts are written in key order (DailyCounter's): instances adding to
    // the same counts lock them in the same order and cannot deadlock.
    {"add_count",
     "INSERT INTO daily_counts VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT "
     "(day, intent, channel, coverage, safety) DO UPDATE SET count = daily_counts.count + "
     "excluded.count"},
    {"drop_spent_count",
     "DELETE FROM daily_counts WHERE day = $1 AND intent = $2 AND channel = $3 AND coverage = $4 "
     "AND safety = $5 AND count <= 0"},
    {"daily_counts",
     "SELECT day, intent, channel, coverage, safety, count FROM daily_counts WHERE day >= $1 "
     "ORDER BY day"},
    {"expire_counts", "DELETE FROM daily_counts WHERE day <= $1"},
    {"forget", "DELETE FROM conversations WHERE user_id = $1"},
    {"forget_idle", "DELETE FROM conversations WHERE updated_ms < $1"},
    {"ping", "SELECT 1"},
    {"expire_deliveries", "DELETE FROM deliveries WHERE claimed_ms < $1"},
    // One statement, so that two instances claiming at once see one winner.
    {"claim_delivery",
     "WITH claimed AS ("
     "  INSERT INTO deliveries(key, claimed_ms) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING "
     "RETURNING key) "
     "SELECT (SELECT count(*) FROM claimed), (SELECT answer FROM deliveries WHERE key = $1)"},
    {"complete_delivery", "UPDATE deliveries SET answer = $2 WHERE key = $1"},
    {"release_delivery", "DELETE FROM deliveries WHERE key = $1"},
};

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::int64_t Integer(const PGresult* r, int row, int col) {
  return std::strtoll(PQgetvalue(r, row, col), nullptr, 10);
}

std::string Text(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
}

// Text parameters as libpq takes them; views into the strings given.
struct Params {
  template <class Strings>
  explicit Params(const Strings& params) {
    for (const std::string& p : params) {
      values.push_back(p.c_str());
      lengths.push_back(static_cast<int>(p.size()));
    }
  }
  int count() const { return static_cast<int>(values.size()); }
  std::vector<const char*> values;
  std::vector<int> lengths;
};

std::int64_t AffectedRows(PGresult* r) { return std::strtoll(PQcmdTuples(r), nullptr, 10); }

// The rows of the "turns" statement.
std::vector<TurnRecord> TurnRecords(const PGresult* rows) {
  std::vector<TurnRecord> out;
  for (int i = 0; i < PQntuples(rows); ++i) {
    out.push_back({Integer(rows, i, 0), Integer(rows, i, 1), Text(rows, i, 2), Text(rows, i, 3),
                   Text(rows, i, 4), Text(rows, i, 5), Text(rows, i, 6)});
  }
  return out;
}

// The parameters of add_count (all six) or drop_spent_count (the first five).
std::vector<std::string> CountParams(const DailyCount& c, bool with_count) {
  std::vector<std::string> params{c.day, c.intent, c.channel, c.coverage, c.safety};
  if (with_count) params.push_back(std::to_string(c.count));
  return params;
}

// Splits gutbot's own "pool_size=N" parameter off a libpq URI, which would
// refuse it.
std::string TakePoolSize(const std::string& url, std::size_t& pool_size) {
  const std::size_t query = url.find('?');
  if (query == std::string::npos) return url;
  std::string kept;
  std::size_t begin = query + 1;
  while (begin <= url.size()) {
    std::size_t end = url.find('&', begin);
    if (end == std::string::npos) end = url.size();
    const std::string param = url.substr(begin, end - begin);
    if (param.starts_with("pool_size=")) {
      const char* first = param.data() + 10;
      const char* last = param.data() + param.size();
      std::size_t n = 0;
      const auto parsed = std::from_chars(first, last, n);
      if (parsed.ec != std::errc() || parsed.ptr != last || n < 1 || n > 64) {
        throw std::runtime_error("pool_size in the store URL must be a number from 1 to 64: " +
                                 param);
      }
      pool_size = n;
    } else if (!param.empty()) {
      kept += (kept.empty() ? "" : "&") + param;
    }
    begin = end + 1;
  }
  return url.substr(0, query) + (kept.empty() ? "" : "?" + kept);
}

}  // namespace

// One libpq connection with the store's statements prepared on it. Used by
// one thread at a time (whoever borrowed it from the pool).
class PostgresStore::Connection {
 public:
  explicit Connection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error("cannot connect to PostgreSQL: " + message);
    }
    // Notices ("relation already exists, skipping") are not errors.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool prepare() {
    for (const StatementText& s : kStatements) {
      PgResult r(PQprepare(conn_, s.name, s.sql, 0, nullptr), &PQclear);
      if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return false;
    }
    return true;
  }

  // Reconnects with the same parameters and prepares again.
  bool reset() {
    PQreset(conn_);
    if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) PQexitPipelineMode(conn_);
    return PQstatus(conn_) == CONNECTION_OK && prepare();
  }

  // Lost, or left mid-pipeline by an error: either way, reset before use.
  bool broken() const {
    return PQstatus(conn_) != CONNECTION_OK || PQpipelineStatus(conn_) != PQ_PIPELINE_OFF;
  }

  // Counts the statements of one store call that succeeded.
  void start_call() { succeeded_ = 0; }
  bool achieved_anything() const { return succeeded_ > 0; }

  // Runs a prepared statement with text parameters.
  Result<PgResult> exec(const char* name, std::initializer_list<std::string> params) {
    const Params p(params);
    return check(name, PQexecPrepared(conn_, name, p.count(), p.values.data(), p.lengths.data(),
                                      nullptr, 0));
  }

  // Runs prepared `name` once for each parameter list, all in one round
  // trip (libpq's pipeline mode); the results in order, or the first error.
  Result<std::vector<PgResult>> exec_each(
      const char* name, const std::vector<std::vector<std::string>>& param_lists) {
    if (PQenterPipelineMode(conn_) != 1) return unavailable(name);
    for (const auto& params : param_lists) {
      const Params p(params);
      if (PQsendQueryPrepared(conn_, name, p.count(), p.values.data(), p.lengths.data(), nullptr,
                              0) != 1) {
        return unavailable(name);
      }
    }
    if (PQpipelineSync(conn_) != 1) return unavailable(name);
    std::vector<PgResult> results;
    std::optional<Error> error;
    for (std::size_t i = 0; i < param_lists.size(); ++i) {
      PgResult r(PQgetResult(conn_), &PQclear);
      if (!r) return unavailable(name);  // the connection is gone
      // After a failed statement the rest of the pipeline is skipped, and
      // each of them reports that.
      auto checked = check(name, r.release());
      if (checked) {
        results.push_back(std::move(checked.value()));
      } else if (!error) {
        error = checked.error();
      }
      while (PGresult* end = PQgetResult(conn_)) PQclear(end);  // the statement's end marker
    }
    PgResult sync(PQgetResult(conn_), &PQclear);
    if (PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) return unavailable(name);
    PQexitPipelineMode(conn_);
    if (error) return *error;
    return results;
  }

  // Runs plain SQL (transaction control, migrations).
  Result<PgResult> exec(const std::string& sql) {
    return check(sql.c_str(), PQexec(conn_, sql.c_str()));
  }

  // Ends the transaction after `error`, which it returns.
  Error rollback(Error error) {
    PgResult r(PQexec(conn_, "ROLLBACK"), &PQclear);
    return error;
  }

  Error unavailable(const std::string& what, const char* why = nullptr) const {
    return Error{ErrorCode::kStoreUnavailable,
                 "postgresql " + what + ": " + (why != nullptr ? why : PQerrorMessage(conn_))};
  }

 private:
  Result<PgResult> check(const char* what, PGresult* raw) {
    PgResult r(raw, &PQclear);
    const ExecStatusType status = PQresultStatus(r.get());
    if (status == PGRES_PIPELINE_ABORTED)
      return unavailable(what, "skipped after an earlier error");
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return unavailable(what, PQresultErrorMessage(r.get()));
    }
    ++succeeded_;
    return r;
  }

  PGconn* conn_;
  int succeeded_ = 0;
};

// Idle connections, handed out one call at a time.
class PostgresStore::Pool {
 public:
  Pool(const std::string& url, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) idle_.push_back(std::make_unique<Connection>(url));
  }

  // The first connection, for start-up work; all of them are idle then.
  Connection& any() {
    MutexLock lock(mutex_);
    return *idle_.front();
  }

  void prepare_all() {
    MutexLock lock(mutex_);
    for (auto& c : idle_) {
      if (!c->prepare()) throw std::runtime_error(c->unavailable("prepare").message);
    }
  }

  std::unique_ptr<Connection> acquire() {
    MutexLock lock(mutex_);
    while (idle_.empty()) available_.wait(mutex_);
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }

  void release(std::unique_ptr<Connection> c) {
    {
      MutexLock lock(mutex_);
      idle_.push_back(std::move(c));
    }
    available_.notify_one();
  }

 private:
  Mutex mutex_;
  CondVar available_;
  std::vector<std::unique_ptr<Connection>> idle_ GUARDED_BY(mutex_);
};

int PostgresStore::CurrentSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

PostgresStore::PostgresStore(const std::string& url, PostgresOptions options) {
  const std::string libpq_url = TakePoolSize(url, options.pool_size);
  pool_ = std::make_unique<Pool>(libpq_url, options.pool_size);

  // Creates or migrates the schema, one instance at a time.
  Connection& c = pool_->any();
  auto must = [&c](const std::string& sql) {
    auto r = c.exec(sql);
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(r.value());
  };
  must("BEGIN");
  must(kMigrationLock);
  must("CREATE TABLE IF NOT EXISTS gutbot_schema (version INTEGER NOT NULL)");
  PgResult found = must("SELECT version FROM gutbot_schema");
  const int from = PQntuples(found.get()) > 0 ? static_cast<int>(Integer(found.get(), 0, 0)) : 0;
  if (from > CurrentSchemaVersion()) {
    throw std::runtime_error("the PostgreSQL database has schema version " + std::to_string(from) +
                             ", newer than this program's " +
                             std::to_string(CurrentSchemaVersion()));
  }
  for (int v = from; v < CurrentSchemaVersion(); ++v) must(kMigrations[v]);
  must("DELETE FROM gutbot_schema");
  must("INSERT INTO gutbot_schema VALUES (" + std::to_string(CurrentSchemaVersion()) + ")");
  must("COMMIT");
  pool_->prepare_all();
}

PostgresStore::~PostgresStore() = default;

template <class R, class Op>
R PostgresStore::run(Op op) {
  struct GiveBack {
    Pool& pool;
    std::unique_ptr<Connection> c;
    ~GiveBack() { pool.release(std::move(c)); }
  } lease{*pool_, pool_->acquire()};
  Connection& c = *lease.c;
  if (c.broken() && !c.reset()) return c.unavailable("reconnect");
  c.start_call();
  R result = op(c);
  if (result.ok() || !c.broken() || c.achieved_anything()) return result;
  // The server went away since the connection's last use (a restart): nothing
  // of this call reached it, so running it again is safe.
  if (!c.reset()) return c.unavailable("reconnect");
  return op(c);
}

Result<std::optional<StoredState>> PostgresStore::load(const std::string& user) {
  return run<Result<std::optional<StoredState>>>(
      [&](Connection& c) -> Result<std::optional<StoredState>> {
        auto r = c.exec("load", {user});
        if (!r) return r.error();
        const PGresult* rows = r.value().get();
        if (PQntuples(rows) == 0) return std::optional<StoredState>();
        return std::optional<StoredState>(StoredState{Text(rows, 0, 0), Integer(rows, 0, 1)});
      });
}

Status PostgresStore::commit(const std::vector<TurnWrite>& batch) {
  // Rows are locked in user order so that two instances' batches cannot
  // deadlock; the stable sort keeps each user's turns in their order.
  std::vector<const TurnWrite*> ordered;
  for (const TurnWrite& t : batch) ordered.push_back(&t);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const TurnWrite* a, const TurnWrite* b) { return a->user < b->user; });
  std::vector<std::vector<std::string>> param_lists;
  std::vector<std::vector<std::string>> unanswered;
  DailyCounter counter;
  for (const TurnWrite* t : ordered) {
    param_lists.push_back({t->user, t->state, std::to_string(t->version + 1),
                           std::to_string(t->at_unix_ms), t->user_text, t->bot_text, t->reply,
                           t->channel});
    if (t->facts.unanswered()) {
      unanswered.push_back({t->user, std::to_string(t->at_unix_ms), t->channel, t->user_text,
                            t->facts.coverage, t->facts.topic, t->facts.missing});
    }
    counter.add(t->at_unix_ms, t->channel, t->facts);
  }
  return run<Status>([&](Connection& c) -> Status {
    if (auto begun = c.exec("BEGIN"); !begun) return begun.error();
    auto written = c.exec_each("commit_turn", param_lists);
    if (!written) return c.rollback(written.error());
    for (const PgResult& r : written.value()) {
      if (AffectedRows(r.get()) != 1) {
        return c.rollback(Error{ErrorCode::kConflict, "the conversation changed meanwhile"});
      }
    }
    if (!unanswered.empty()) {
      if (auto added = c.exec_each("add_unanswered", unanswered); !added)
        return c.rollback(added.error());
    }
    if (auto counted = add_counts(c, counter.counts()); !counted)
      return c.rollback(counted.error());
    if (auto done = c.exec("COMMIT"); !done) return c.rollback(done.error());
    return {};
  });
}

Status PostgresStore::add_counts(Connection& c, const std::vector<DailyCount>& counts) {
  std::vector<std::vector<std::string>> added;
  std::vector<std::vector<std::string>> spent;
  for (const DailyCount& count : counts) {
    added.push_back(CountParams(count, true));
    // Only forgetting takes counts off, and only it can spend one.
    if (count.count < 0) spent.push_back(CountParams(count, false));
  }
  if (!added.empty()) {
    if (auto r = c.exec_each("add_count", added); !r) return r.error();
  }
  if (!spent.empty()) {
    if (auto r = c.exec_each("drop_spent_count", spent); !r) return r.error();
  }
  return {};
}

Result<std::vector<TurnRecord>> PostgresStore::turns(const std::string& user, std::size_t limit) {
  const auto capped = std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max());
  return run<Result<std::vector<TurnRecord>>>(
      [&](Connection& c) -> Result<std::vector<TurnRecord>> {
        auto r = c.exec("turns", {user, std::to_string(capped)});
        if (!r) return r.error();
        return TurnRecords(r.value().get());
      });
}

Result<bool> PostgresStore::rate(const RatingWrite& rating) {
  return run<Result<bool>>([&](Connection& c) -> Result<bool> {
    auto r = c.exec("rate", {rating.user, rating.id, rating.rating, rating.comment,
                             std::to_string(rating.at_unix_ms)});
    if (!r) return r.error();
    return AffectedRows(r.value().get()) > 0;
  });
}

Result<std::vector<RatingRecord>> PostgresStore::ratings(std::size_t limit) {
  const auto capped = std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max());
  return run<Result<std::vector<RatingRecord>>>(
      [&](Connection& c) -> Result<std::vector<RatingRecord>> {
        auto r = c.exec("ratings", {std::to_string(capped)});
        if (!r) return r.error();
        const PGresult* rows = r.value().get();
        std::vector<RatingRecord> out;
        for (int i = 0; i < PQntuples(rows); ++i) {
          out.push_back({Text(rows, i, 0), Integer(rows, i, 1), Text(rows, i, 2), Text(rows, i, 3),
                         Text(rows, i, 4), Text(rows, i, 5), Text(rows, i, 6),
                         Integer(rows, i, 7)});
        }
        return out;
      });
}

Result<std::vector<UnansweredRecord>> PostgresStore::unanswered(std::int64_t since_unix_ms,
                                                                std::size_t limit) {
  const auto capped = std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max());
  return run<Result<std::vector<UnansweredRecord>>>(
      [&](Connection& c) -> Result<std::vector<UnansweredRecord>> {
        auto r = c.exec("unanswered", {std::to_string(since_unix_ms), std::to_string(capped)});
        if (!r) return r.error();
        const PGresult* rows = r.value().get();
        std::vector<UnansweredRecord> out;
        for (int i = 0; i < PQntuples(rows); ++i) {
          out.push_back({Text(rows, i, 0), Integer(rows, i, 1), Text(rows, i, 2), Text(rows, i, 3),
                         Text(rows, i, 4), Text(rows, i, 5), Text(rows, i, 6)});
        }
        return out;
      });
}

Result<std::vector<DailyCount>> PostgresStore::daily_counts(const std::string& from_day) {
  return run<Result<std::vector<DailyCount>>>(
      [&](Connection& c) -> Result<std::vector<DailyCount>> {
        auto r = c.exec("daily_counts", {from_day});
        if (!r) return r.error();
        const PGresult* rows = r.value().get();
        std::vector<DailyCount> out;
        for (int i = 0; i < PQntuples(rows); ++i) {
          out.push_back({Text(rows, i, 0), Text(rows, i, 1), Text(rows, i, 2), Text(rows, i, 3),
                         Text(rows, i, 4), Integer(rows, i, 5)});
        }
        return out;
      });
}

// The conversation's turns come off the daily counts; its unanswered
// questions and turns go with its row (ON DELETE CASCADE).
Result<bool> PostgresStore::forget(const std::string& user) {
  return run<Result<bool>>([&](Connection& c) -> Result<bool> {
    if (auto begun = c.exec("BEGIN"); !begun) return begun.error();
    auto turns = c.exec("turns", {user, std::to_string(std::numeric_limits<std::int64_t>::max())});
    if (!turns) return c.rollback(turns.error());
    if (auto uncounted = add_counts(c, Uncounted(TurnRecords(turns.value().get()))); !uncounted) {
      return c.rollback(uncounted.error());
    }
    auto r = c.exec("forget", {user});
    if (!r) return c.rollback(r.error());
    if (auto done = c.exec("COMMIT"); !done) return c.rollback(done.error());
    return AffectedRows(r.value().get()) > 0;
  });
}

// Every turn of an idle conversation is older than the cutoff: its days'
// counts go with the cutoff's day.
Result<std::size_t> PostgresStore::forget_idle(std::int64_t cutoff_unix_ms) {
  return run<Result<std::size_t>>([&](Connection& c) -> Result<std::size_t> {
    if (auto begun = c.exec("BEGIN"); !begun) return begun.error();
    if (auto expired = c.exec("expire_counts", {UtcDay(cutoff_unix_ms)}); !expired)
      return c.rollback(expired.error());
    auto r = c.exec("forget_idle", {std::to_string(cutoff_unix_ms)});
    if (!r) return c.rollback(r.error());
    if (auto done = c.exec("COMMIT"); !done) return c.rollback(done.error());
    return static_cast<std::size_t>(AffectedRows(r.value().get()));
  });
}

Result<DeliveryClaim> PostgresStore::claim_delivery(const std::string& key, std::int64_t now_ms,
                                                    std::int64_t ttl_ms) {
  return run<Result<DeliveryClaim>>([&](Connection& c) -> Result<DeliveryClaim> {
    if (auto r = c.exec("expire_deliveries", {std::to_string(now_ms - ttl_ms)}); !r)
      return r.error();
    auto r = c.exec("claim_delivery", {key, std::to_string(now_ms)});
    if (!r) return r.error();
    const PGresult* row = r.value().get();
    if (Integer(row, 0, 0) == 1) return DeliveryClaim{};
    DeliveryClaim seen{false, std::nullopt};
    if (!PQgetisnull(row, 0, 1)) seen.answer = Text(row, 0, 1);
    return seen;
  });
}

Status PostgresStore::complete_delivery(const std::string& key, const std::string& answer) {
  return run<Status>([&](Connection& c) -> Status {
    auto r = c.exec("complete_delivery", {key, answer});
    if (!r) return r.error();
    return {};
  });
}

Status PostgresStore::release_delivery(const std::string& key) {
  return run<Status>([&](Connection& c) -> Status {
    auto r = c.exec("release_delivery", {key});
    if (!r) return r.error();
    return {};
  });
}

Status PostgresStore::ping() {
  return run<Status>([](Connection& c) -> Status {
    if (auto r = c.exec("ping", {}); !r) return r.error();
    return {};
  });
}

}  // namespace gutbot::bot
