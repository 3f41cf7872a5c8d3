// What a server left in its SQLite file, read directly with SQLite for the
// crash and soak tests, and the check that what clients received was stored.
// Plain functions; each call opens and closes its own connection.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gutbot::testing {

struct StoredTurn {
  long long seq = 0;
  std::string user_text;
  std::string bot_text;
  std::string reply;  // the reply object as stored (JSON text)
};

// Every stored conversation's turns, by user (the session id), oldest first.
// Throws std::runtime_error when the file cannot be read.
std::map<std::string, std::vector<StoredTurn>> ReadStoredTurns(const std::string& db);

// What PRAGMA integrity_check says: "ok", or its list of problems.
std::string IntegrityCheck(const std::string& db);

// The conversation key that a session token carries: the id before its dot.
std::string SessionUser(const std::string& token);

// One message a client sent and the reply object it received.
struct Exchange {
  std::string sent;
  nlohmann::json reply;
};

// The differences between what one client received, in order, and its stored
// turns: every received reply must be the stored turn at its place (same
// message, same text, intent and topic), every stored turn whole (both texts,
// a reply object matching its text, seq 1, 2, ...), and at most `unanswered`
// turns stored beyond the replies received. Empty when all holds.
std::vector<std::string> CompareWithStore(const std::vector<Exchange>& received,
                                          const std::vector<StoredTurn>& stored,
                                          std::size_t unanswered);

}  // namespace gutbot::testing
