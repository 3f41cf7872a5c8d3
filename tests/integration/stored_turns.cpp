#include "stored_turns.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace gutbot::testing {
namespace {

using nlohmann::json;

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

// Read-write so that SQLite may recover a write-ahead log a killed process left.
Db Open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  Db owned(db);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + path + ": " + sqlite3_errstr(rc));
  sqlite3_busy_timeout(db, 5000);
  return owned;
}

Statement Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("cannot prepare: ") + sqlite3_errmsg(db));
  }
  return Statement(statement);
}

std::string Text(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return text != nullptr
             ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)))
             : std::string();
}

}  // namespace

std::map<std::string, std::vector<StoredTurn>> ReadStoredTurns(const std::string& path) {
  const Db db = Open(path);
  const Statement select = Prepare(
      db.get(), "SELECT user, seq, user_text, bot_text, reply FROM turns ORDER BY user, seq");
  std::map<std::string, std::vector<StoredTurn>> turns;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    turns[Text(select.get(), 0)].push_back({sqlite3_column_int64(select.get(), 1),
                                            Text(select.get(), 2), Text(select.get(), 3),
                                            Text(select.get(), 4)});
  }
  if (rc != SQLITE_DONE)
    throw std::runtime_error(std::string("cannot read turns: ") + sqlite3_errmsg(db.get()));
  return turns;
}

std::string IntegrityCheck(const std::string& path) {
  const Db db = Open(path);
  const Statement check = Prepare(db.get(), "PRAGMA integrity_check");
  std::string result;
  while (sqlite3_step(check.get()) == SQLITE_ROW) {
    if (!result.empty()) result += '\n';
    result += Text(check.get(), 0);
  }
  return result;
}

std::string SessionUser(const std::string& token) { return token.substr(0, token.find('.')); }

std::vector<std::string> CompareWithStore(const std::vector<Exchange>& received,
                                          const std::vector<StoredTurn>& stored,
                                          std::size_t unanswered) {
  std::vector<std::string> problems;
  const auto problem = [&problems](std::size_t turn, const std::string& what) {
    problems.push_back("turn " + std::to_string(turn + 1) + ": " + what);
  };
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const StoredTurn& turn = stored[i];
    if (turn.seq != static_cast<long long>(i) + 1) problem(i, "seq " + std::to_string(turn.seq));
    if (turn.user_text.empty() || turn.bot_text.empty())
      problem(i, "half-written: a text is empty");
    const json reply = json::parse(turn.reply, nullptr, /*allow_exceptions=*/false);
    if (!reply.is_object() || reply.value("type", "") != "reply" ||
        reply.value("text", "") != turn.bot_text) {
      problem(i, "stored reply does not match its text: " + turn.reply);
    }
  }
  if (stored.size() < received.size()) {
    problems.push_back(std::to_string(received.size()) + " replies received, " +
                       std::to_string(stored.size()) + " turns stored");
  }
  if (stored.size() > received.size() + unanswered) {
    problems.push_back(std::to_string(stored.size() - received.size()) +
                       " turns stored unanswered");
  }
  for (std::size_t i = 0; i < std::min(received.size(), stored.size()); ++i) {
    const json& got = received[i].reply;
    const json kept = json::parse(stored[i].reply, nullptr, false);
    if (stored[i].user_text != received[i].sent) {
      problem(i, "sent '" + received[i].sent + "', stored '" + stored[i].user_text + "'");
    }
    for (const char* field : {"text", "intent", "topic"}) {
      if (!kept.is_object() || kept.value(field, "") != got.value(field, "")) {
        problem(i, std::string("received ") + field + " '" + got.value(field, "") + "' not stored");
      }
    }
  }
  return problems;
}

}  // namespace gutbot::testing
