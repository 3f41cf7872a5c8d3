// The soak: the real server under mixed traffic for GUTBOT_SOAK_SECONDS
// (skipped when unset; scripts/soak.sh sets it): WebSocket visitors who leave
// and come back with their session token, /v1/chat and /v1/ask clients, and
// knowledge-base reloads through the admin API. Loopback only; every loop
// ends at the deadline. Asserts no error, every reply stored, and resident
// memory flat once warmed up.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/http_client.h"
#include "tests/integration/server_process.h"
#include "tests/integration/stored_turns.h"
#include "tests/integration/ws_client.h"

namespace gutbot::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::string kRepoRoot = std::filesystem::path(GUTBOT_TEST_DATA).parent_path().string();
const std::string kAdminToken = "soak-admin-token";
const std::vector<std::string> kMessages = {
    "what causes leaky gut?",
    "tell me more",
    "and stress?",
    "where is that from?",
    "what is zonulin",
    "what raises it?",
    "hi",
    "how long does healing take?",
    "what should I eat",
    "what about alcohol",
    "is it real?",
    "thanks",
    "can probiotics help",
    "symptoms on my skin",
    "what's the weather",
    "yes",
};
constexpr int kWsVisitors = 8;
// Per session below the WebSocket limit (5/s); the HTTP clients together stay
// below the per-address /v1 limit (10/s), since every client here is 127.0.0.1.
constexpr auto kWsPause = 250ms;
constexpr auto kChatPause = 350ms;
constexpr auto kAskPause = 500ms;
constexpr auto kReloadEvery = 5s;
constexpr auto kSampleEvery = 2s;

// What every client thread reports into.
class Ledger {
 public:
  void error(const std::string& what) {
    const std::lock_guard lock(mutex_);
    if (errors_.size() < 20) errors_.push_back(what);
    ++error_count_;
  }
  // Keyed by the conversation, since a resumed session may get a fresh token.
  void exchange(const std::string& token, Exchange exchange) {
    const std::lock_guard lock(mutex_);
    conversations_[SessionUser(token)].push_back(std::move(exchange));
  }
  // Only after every client thread has ended.
  const std::map<std::string, std::vector<Exchange>>& conversations() const {
    return conversations_;
  }
  const std::vector<std::string>& errors() const { return errors_; }
  std::size_t error_count() const { return error_count_; }

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<Exchange>> conversations_;
  std::vector<std::string> errors_;
  std::size_t error_count_ = 0;
};

std::size_t ResidentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  }
  return 0;
}

// Runs `step` until the deadline, turning any exception into a ledger error.
void Loop(Clock::time_point deadline, Ledger& ledger, const std::string& who,
          const std::function<void()>& step) {
  while (Clock::now() < deadline) {
    try {
      step();
    } catch (const std::exception& e) {
      ledger.error(who + ": " + e.what());
      std::this_thread::sleep_for(kWsPause);
    }
  }
}

// A visitor who chats a few messages, leaves, and mostly comes back to the
// same conversation (its history must end where it left).
void WsVisitor(unsigned short port, unsigned seed, Clock::time_point deadline, Ledger& ledger) {
  std::mt19937 random(seed);
  std::string token;
  json last_reply;
  std::size_t sent = 0;  // message ids stay unique in the conversation: a repeated id is a retry
  Loop(deadline, ledger, "ws", [&] {
    const bool resume = !token.empty() && random() % 3 != 0;
    WsClient client(port, resume ? "/ws?session=" + token : "/ws");
    const json welcome = client.read_json();
    if (resume) {
      const json& history = welcome.contains("history") ? welcome["history"] : json::array();
      if (history.empty() || history.back().value("text", "") != last_reply.value("text", "")) {
        ledger.error("ws: resumed history does not end with the last reply: " + welcome.dump());
      }
    }
    token = welcome.value("session", "");
    const int messages = 3 + static_cast<int>(random() % 6);
    for (int i = 0; i < messages && Clock::now() < deadline; ++i) {
      const std::string& text = kMessages[random() % kMessages.size()];
      client.send_message(text, std::to_string(sent++));
      json reply = client.read_json();
      if (reply.value("type", "") != "reply") return ledger.error("ws: " + reply.dump());
      last_reply = reply;
      ledger.exchange(token, {text, std::move(reply)});
      std::this_thread::sleep_for(kWsPause);
    }
  });
}

void ChatClient(unsigned short port, Clock::time_point deadline, Ledger& ledger) {
  std::string token;
  std::size_t n = 0;
  Loop(deadline, ledger, "/v1/chat", [&] {
    if (n % 10 == 0) token.clear();  // a new visitor now and then
    const std::string& text = kMessages[n++ % kMessages.size()];
    json body = {{"text", text}};
    if (!token.empty()) body["session"] = token;
    const HttpResponse response = HttpRequest(port, "POST", "/v1/chat", body.dump());
    if (response.status != 200)
      return ledger.error("/v1/chat " + std::to_string(response.status) + " " + response.body);
    json reply = json::parse(response.body);
    token = reply.value("session", "");
    ledger.exchange(token, {text, std::move(reply)});
    std::this_thread::sleep_for(kChatPause);
  });
}

void AskClient(unsigned short port, Clock::time_point deadline, Ledger& ledger) {
  std::size_t n = 0;
  Loop(deadline, ledger, "/v1/ask", [&] {
    const json body = {{"text", kMessages[n++ % kMessages.size()]}};
    const HttpResponse response = HttpRequest(port, "POST", "/v1/ask", body.dump());
    if (response.status != 200 || json::parse(response.body).value("type", "") != "reply") {
      ledger.error("/v1/ask " + std::to_string(response.status) + " " + response.body);
    }
    std::this_thread::sleep_for(kAskPause);
  });
}

HttpResponse Reload(unsigned short port) {
  return HttpRequest(port, "POST", "/admin/reload", "",
                     {{"Authorization", "Bearer " + kAdminToken}});
}

TEST(Soak, MixedTrafficKeepsMemoryFlatLosesNoTurnAndMakesNoError) {
  const char* seconds_text = std::getenv("GUTBOT_SOAK_SECONDS");
  if (seconds_text == nullptr || std::atoi(seconds_text) <= 0) {
    GTEST_SKIP() << "set GUTBOT_SOAK_SECONDS (scripts/soak.sh) to run the soak";
  }
  const std::chrono::seconds duration(std::atoi(seconds_text));

  const std::string db = FreshTempPath("gutbot-soak") + ".db";
  // The server inherits the admin API's token (server.admin_token).
  ::setenv("GUTBOT_SERVER_ADMIN_TOKEN", kAdminToken.c_str(), 1);
  // Every simulated visitor comes from 127.0.0.1: no per-address quota on new conversations.
  ::setenv("GUTBOT_SERVER_NEW_CONVERSATIONS_PER_HOUR", "0", 1);
  ServerProcess server(GUTBOT_BINARY, {"serve", "--port", "0", "--db", db}, kRepoRoot);
  const unsigned short port = server.port();
  // Reloads are part of the soak where the server has them.
  const bool reloads = Reload(port).status == 200;
  if (!reloads)
    std::cout << "soak: POST /admin/reload is not served; the soak runs without reloads\n";

  Ledger ledger;
  const auto deadline = Clock::now() + duration;
  std::vector<std::thread> clients;
  for (int i = 0; i < kWsVisitors; ++i) {
    clients.emplace_back([&, i] { WsVisitor(port, static_cast<unsigned>(i), deadline, ledger); });
  }
  clients.emplace_back([&] { ChatClient(port, deadline, ledger); });
  clients.emplace_back([&] { AskClient(port, deadline, ledger); });
  std::atomic<int> reloaded = 0;
  if (reloads) {
    clients.emplace_back([&] {
      Loop(deadline, ledger, "reload", [&] {
        const HttpResponse response = Reload(port);
        if (response.status != 200)
          ledger.error("reload " + std::to_string(response.status) + " " + response.body);
        ++reloaded;
        std::this_thread::sleep_for(kReloadEvery);
      });
    });
  }

  std::vector<std::size_t> rss_kib;
  while (Clock::now() < deadline) {
    std::this_thread::sleep_for(kSampleEvery);
    rss_kib.push_back(ResidentKiB(server.pid()));
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(server.stop(), 0) << server.log();

  // Memory: the last third of the samples stays within 10% (+4 MiB) of the
  // highest of the first third, the warm-up.
  ASSERT_GE(rss_kib.size(), 3u) << "too short to sample memory";
  const std::size_t third = rss_kib.size() / 3;
  const std::size_t warm = *std::max_element(rss_kib.begin(), rss_kib.begin() + third);
  const std::size_t late = *std::max_element(rss_kib.end() - third, rss_kib.end());
  std::size_t replies = 0;
  for (const auto& [user, exchanges] : ledger.conversations()) replies += exchanges.size();
  std::cout << "soak: " << duration.count() << " s, " << replies << " stored replies in "
            << ledger.conversations().size() << " conversations, " << reloaded << " reloads, "
            << ledger.error_count() << " errors; VmRSS KiB first " << rss_kib.front()
            << ", warm-up max " << warm << ", last-third max " << late << ", end " << rss_kib.back()
            << std::endl;
  EXPECT_LE(late, warm + warm / 10 + 4096) << "resident memory grew after warm-up";

  EXPECT_EQ(ledger.error_count(), 0u);
  for (const auto& error : ledger.errors()) ADD_FAILURE() << error;

  const auto stored = ReadStoredTurns(db);
  for (const auto& [user, exchanges] : ledger.conversations()) {
    const auto turns = stored.find(user);
    ASSERT_NE(turns, stored.end()) << "no turn stored for conversation " << user;
    std::vector<std::string> problems = CompareWithStore(exchanges, turns->second, 0);
    for (const auto& problem : problems) ADD_FAILURE() << user << ": " << problem;
  }
  for (const std::string& path : {db, db + "-wal", db + "-shm"}) std::filesystem::remove(path);
}

}  // namespace
}  // namespace gutbot::testing
