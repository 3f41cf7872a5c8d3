#include "bot/engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <thread>

#include "bot/conversation_store.h"
#include "bot/memory_store.h"
#include "bot/runtime.h"

namespace gutbot::bot {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = fs::path(GUTBOT_TEST_DATA).parent_path();

const Runtime& LeakyGut() {
  static const Runtime rt = LoadRuntime(kRoot / "knowledge/leaky-gut");
  return rt;
}

Result<Reply> Turn(Engine& engine, const std::string& user, const std::string& text) {
  std::promise<Result<Reply>> done;
  auto future = done.get_future();
  engine.submit({user, text, "test", "m1"}, [&](Result<Reply> r) { done.set_value(std::move(r)); });
  return future.get();
}

std::vector<HistoryEntry> History(Engine& engine, const std::string& user, std::size_t limit) {
  std::promise<Result<std::vector<HistoryEntry>>> done;
  auto future = done.get_future();
  engine.history(user, limit, [&](auto r) { done.set_value(std::move(r)); });
  return future.get().value();
}

TEST(Engine, AnswersAndEchoesTheClientMessageId) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  auto reply = Turn(engine, "ann", "what is leaky gut?");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply.value().intent, "what_is_leaky_gut");
  EXPECT_FALSE(reply.value().text.empty());
  EXPECT_EQ(reply.value().reply_to, "m1");
}

TEST(Engine, StoresEveryTurnBeforeReplying) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  ASSERT_TRUE(Turn(engine, "ann", "hello"));
  ASSERT_TRUE(Turn(engine, "ann", "what causes leaky gut"));
  const auto history = History(engine, "ann", 10);
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[0].role, "user");
  EXPECT_EQ(history[0].text, "hello");
  EXPECT_EQ(history[2].text, "what causes leaky gut");
  EXPECT_EQ(history[3].role, "bot");
}

TEST(Engine, KeepsUsersApart) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  ASSERT_TRUE(Turn(engine, "ann", "what is zonulin"));
  ASSERT_TRUE(Turn(engine, "bob", "hi"));
  EXPECT_EQ(History(engine, "bob", 10).size(), 2u);
  EXPECT_EQ(History(engine, "ann", 10)[0].text, "what is zonulin");
}

// Many threads submitting at once: every turn is answered and stored, and each
// user's turns are stored in the order that user sent them.
TEST(Engine, ConcurrentSubmittersLoseNothingAndKeepOrder) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  constexpr int kUsers = 8, kTurns = 25;
  std::vector<std::thread> threads;
  std::atomic<int> answered{0};
  for (int u = 0; u < kUsers; ++u) {
    threads.emplace_back([&, u] {
      std::vector<std::future<void>> waits;
      for (int t = 0; t < kTurns; ++t) {
        auto done = std::make_shared<std::promise<void>>();
        waits.push_back(done->get_future());
        engine.submit({"user" + std::to_string(u), "message " + std::to_string(t), "test", ""},
                      [&, done](Result<Reply> r) {
                        if (r) ++answered;
                        done->set_value();
                      });
      }
      for (auto& w : waits) w.wait();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(answered.load(), kUsers * kTurns);
  for (int u = 0; u < kUsers; ++u) {
    const auto history = History(engine, "user" + std::to_string(u), 2 * kTurns);
    ASSERT_EQ(history.size(), 2u * kTurns);
    for (int t = 0; t < kTurns; ++t) EXPECT_EQ(history[2 * t].text, "message " + std::to_string(t));
  }
}

TEST(Engine, AskIsStateless) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  EXPECT_EQ(engine.ask("what is zonulin").intent, "zonulin");
  EXPECT_EQ(History(engine, "", 10).size(), 0u);
}

// The engine knows nothing of leaky gut: another base is a data change.
TEST(Engine, AnswersFromAnotherKnowledgeBase) {
  const Runtime tea = LoadRuntime(kRoot / "tests/data/tiny-kb");
  Engine engine(tea.kb, tea.model, std::make_unique<MemoryStore>());
  EXPECT_EQ(engine.welcome_text(), "Hello! Ask me how to brew tea or how much caffeine it has.");
  auto reply = Turn(engine, "ann", "how long should i steep black tea");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply.value().intent, "brewing");
  EXPECT_EQ(reply.value().topic, "brew_black");
  EXPECT_EQ(reply.value().citations, std::vector<int>{2});
  auto more = Turn(engine, "ann", "does it have caffeine");
  ASSERT_TRUE(more);
  EXPECT_EQ(more.value().topic, "caffeine");
}

}  // namespace
}  // namespace gutbot::bot

namespace gutbot::bot {
namespace {

fs::path FreshDb(const std::string& name) {
  const auto path = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".db");
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path.string() + s);
  return path;
}

// A restart in the middle of a conversation continues it: the context
// ("tell me more" of the topic in play) survives on the SQLite file.
TEST(Engine, RestartContinuesTheConversation) {
  const auto db = FreshDb("gutbot-restart");
  {
    Engine engine(LeakyGut().kb, LeakyGut().model, OpenStore(db.string()));
    ASSERT_EQ(Turn(engine, "ann", "what is zonulin").value().topic, "zonulin");
  }
  Engine engine(LeakyGut().kb, LeakyGut().model, OpenStore(db.string()));
  auto more = Turn(engine, "ann", "tell me more");
  ASSERT_TRUE(more);
  EXPECT_EQ(more.value().intent, "more");
  EXPECT_EQ(more.value().topic, "zonulin");
  EXPECT_EQ(History(engine, "ann", 10).size(), 4u);
}

TEST(Engine, ForgetsConversationsPastTheirRetention) {
  EngineOptions options;
  options.retention = std::chrono::seconds(1);
  options.retention_sweep = std::chrono::seconds(1);
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>(), options);
  ASSERT_TRUE(Turn(engine, "ann", "hello"));
  ASSERT_EQ(History(engine, "ann", 10).size(), 2u);
  // The sweep runs every second; give it a few chances.
  for (int i = 0; i < 50 && !History(engine, "ann", 10).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(History(engine, "ann", 10).empty());
}

}  // namespace
}  // namespace gutbot::bot
