// Crash recovery: 50 clients chat over WebSocket, each in its own session,
// while the server is killed with SIGKILL at a random moment; restarted on
// the same SQLite file, it must have stored every reply any client received,
// no turn half-written, and every conversation must go on with its context.
// The seed of the moment is printed; GUTBOT_CRASH_SEED replays one.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "server_process.h"
#include "stored_turns.h"
#include "ws_client.h"

namespace gutbot::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr int kClients = 50;
// Questions and the follow-ups that only make sense after them; each client
// starts at its own place in the list.
const std::vector<std::string> kScript = {
    "what causes leaky gut?", "tell me more",    "and stress?",      "where is that from?",
    "what is zonulin",        "what raises it?", "tell me more",     "how long does healing take?",
    "what should I eat",      "tell me more",    "what about sleep", "is it real?",
};
// Below the server's 5 messages a second per session, so no reply is a rate-limit error.
constexpr auto kPause = 250ms;

const std::string kRepoRoot = std::filesystem::path(GUTBOT_TEST_DATA).parent_path().string();

std::unique_ptr<ServerProcess> StartServer(const std::string& db) {
  return std::make_unique<ServerProcess>(
      GUTBOT_BINARY, std::vector<std::string>{"serve", "--port", "0", "--db", db}, kRepoRoot);
}

unsigned Seed() {
  if (const char* seed = std::getenv("GUTBOT_CRASH_SEED"))
    return static_cast<unsigned>(std::stoul(seed));
  return std::random_device()();
}

// One visitor: chats until the server goes away, keeping what it received.
struct Visitor {
  int index = 0;
  std::string token;
  std::vector<Exchange> received;
  std::size_t sent = 0;
  std::vector<std::string> unexpected;  // frames that were not replies

  std::string message(std::size_t n) const { return kScript[(index + n) % kScript.size()]; }

  void chat(unsigned short port, std::atomic<int>& answered_once, const std::atomic<bool>& stop) {
    try {
      WsClient client(port);
      token = client.read_json().value("session", "");
      while (!stop) {
        const std::string text = message(sent);
        client.send_message(text, std::to_string(sent));
        ++sent;
        json frame = client.read_json();
        if (frame.value("type", "") != "reply") {
          unexpected.push_back(frame.dump());
          return;
        }
        received.push_back({text, std::move(frame)});
        if (received.size() == 1) ++answered_once;
        std::this_thread::sleep_for(kPause);
      }
    } catch (const std::runtime_error&) {
      // The server was killed: the connection broke mid-conversation.
    }
  }
};

std::string Describe(const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& p : problems) text += "\n  " + p;
  return text;
}

// The reply to `texts` sent in order in a new session.
json ReplyAfter(unsigned short port, const std::vector<std::string>& texts) {
  WsClient client(port);
  client.read_json();
  json reply;
  for (const auto& text : texts) {
    client.send_message(text);
    reply = client.read_json();
    std::this_thread::sleep_for(kPause);
  }
  return reply;
}

// Resumes `v`'s conversation: the welcome carries its last turn, and "tell me
// more" answers as it would have in a conversation that never crashed.
void ExpectResumes(unsigned short port, const Visitor& v, const std::vector<StoredTurn>& turns) {
  json resumed;
  {  // closed before the next connection: every visitor holds one at a time
    WsClient client(port, "/ws?session=" + v.token);
    const json welcome = client.read_json();
    EXPECT_EQ(SessionUser(welcome.value("session", "")),
              SessionUser(v.token));  // refreshed, same session
    ASSERT_TRUE(welcome.contains("history") && welcome["history"].size() >= 2) << welcome.dump();
    const json& history = welcome["history"];
    // Who said what; the entries' other fields are the protocol tests'.
    const auto said = [](const json& entry) {
      return json{{"role", entry["role"]}, {"text", entry["text"]}};
    };
    EXPECT_EQ(said(history[history.size() - 2]),
              (json{{"role", "user"}, {"text", turns.back().user_text}}));
    EXPECT_EQ(said(history[history.size() - 1]),
              (json{{"role", "bot"}, {"text", turns.back().bot_text}}));
    client.send_message("tell me more");
    resumed = client.read_json();
  }
  std::vector<std::string> texts;
  for (const auto& turn : turns) texts.push_back(turn.user_text);
  texts.push_back("tell me more");
  const json uninterrupted = ReplyAfter(port, texts);
  for (const char* field : {"type", "intent", "topic", "text"}) {
    EXPECT_EQ(resumed.value(field, ""), uninterrupted.value(field, ""))
        << "visitor " << v.index << " after " << turns.size() << " turns, " << field;
  }
}

TEST(CrashRecovery, KilledServerKeepsEveryAnsweredTurnAndResumesEveryConversation) {
  const unsigned seed = Seed();
  std::cout << "crash seed: " << seed << " (GUTBOT_CRASH_SEED=" << seed << " replays it)"
            << std::endl;
  RecordProperty("seed", std::to_string(seed));
  std::mt19937 random(seed);

  const std::string db = FreshTempPath("gutbot-crash-test") + ".db";
  auto server = StartServer(db);

  std::vector<Visitor> visitors(kClients);
  std::atomic<int> answered_once = 0;
  std::atomic<bool> stop = false;
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    visitors[i].index = i;
    threads.emplace_back([&, i] { visitors[i].chat(server->port(), answered_once, stop); });
  }
  // Every visitor has a conversation to lose; then the kill comes at a random moment.
  for (int waited = 0; answered_once < kClients && waited < 3000; ++waited)
    std::this_thread::sleep_for(10ms);
  const std::chrono::milliseconds moment(std::uniform_int_distribution<int>(0, 3000)(random));
  std::this_thread::sleep_for(moment);
  server->kill();
  stop = true;
  for (auto& thread : threads) thread.join();
  std::cout << "killed after " << moment.count() << " ms" << std::endl;

  ASSERT_EQ(answered_once.load(), kClients)
      << "not every visitor got a first reply before the kill";
  EXPECT_EQ(IntegrityCheck(db), "ok");
  const auto stored = ReadStoredTurns(db);
  std::size_t replies = 0;
  for (const Visitor& v : visitors) {
    EXPECT_TRUE(v.unexpected.empty()) << "visitor " << v.index << ": " << Describe(v.unexpected);
    const auto turns = stored.find(SessionUser(v.token));
    ASSERT_NE(turns, stored.end()) << "visitor " << v.index << " has no stored turn";
    // The message in flight at the kill may have been stored without its reply leaving.
    const auto problems = CompareWithStore(v.received, turns->second, v.sent - v.received.size());
    EXPECT_TRUE(problems.empty()) << "visitor " << v.index << ":" << Describe(problems);
    replies += v.received.size();
  }
  std::cout << replies << " replies received before the kill" << std::endl;

  // Restarted on the same file, every conversation resumes with its history and
  // its context: "tell me more" answers as it would have without the crash.
  server = StartServer(db);
  threads.clear();
  for (const Visitor& v : visitors) {
    threads.emplace_back([&, port = server->port()] {
      try {
        ExpectResumes(port, v, stored.at(SessionUser(v.token)));
      } catch (const std::exception& e) {
        ADD_FAILURE() << "visitor " << v.index << " could not resume: " << e.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(server->stop(), 0) << server->log();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

}  // namespace
}  // namespace gutbot::testing
