#include "bot/engine/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bot/common/metrics.h"
#include "bot/engine/conversation_state.h"
#include "bot/engine/conversation_store.h"
#include "bot/engine/runtime.h"
#include "bot/store/memory_store.h"
#include "bot/store/open_store.h"

namespace gutbot::bot {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = fs::path(GUTBOT_TEST_DATA).parent_path();

const Runtime& LeakyGut() {
  static const Runtime rt = LoadRuntime(kRoot / "knowledge/leaky-gut");
  return rt;
}

const Runtime& Tea() {
  static const Runtime rt = LoadRuntime(kRoot / "tests/data/tiny-kb");
  return rt;
}

// A fresh client message id, as a widget gives each message.
std::string NextId() {
  static std::atomic<int> n{0};
  std::string id = "m";  // appended, not "m" + ...: GCC 12 misreports that (-Wrestrict)
  id += std::to_string(++n);
  return id;
}

Result<Reply> Turn(Engine& engine, const std::string& user, const std::string& text,
                   const std::string& id = NextId()) {
  std::promise<Result<Reply>> done;
  auto future = done.get_future();
  engine.submit({user, text, "test", id}, [&](Result<Reply> r) { done.set_value(std::move(r)); });
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
  auto reply = Turn(engine, "ann", "what is leaky gut?", "client-7");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply.value().intent, "what_is_leaky_gut");
  EXPECT_FALSE(reply.value().text.empty());
  EXPECT_EQ(reply.value().reply_to, "client-7");
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

// A channel that shows the disclaimer itself (the widget's footer) does not
// get it once more in the first answer; the others do.
TEST(Engine, AChannelShowingTheDisclaimerDoesNotGetItInAnswers) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  const std::string& disclaimer = LeakyGut().kb->phrases.disclaimer;
  std::promise<Result<Reply>> done;
  auto future = done.get_future();
  engine.submit({"ann", "what causes leaky gut", "ws", NextId(), /*shows_disclaimer=*/true},
                [&](Result<Reply> r) { done.set_value(std::move(r)); });
  const auto widget = future.get();
  ASSERT_TRUE(widget);
  EXPECT_EQ(widget.value().text.find(disclaimer), std::string::npos) << widget.value().text;
  const auto other = Turn(engine, "bob", "what causes leaky gut");
  ASSERT_TRUE(other);
  EXPECT_NE(other.value().text.find(disclaimer), std::string::npos) << other.value().text;
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
  Engine engine(Tea().kb, Tea().model, std::make_unique<MemoryStore>());
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

// Waits for an engine call's outcome (a Result or a Status).
template <class Outcome, class Call>
Outcome Wait(Call call) {
  std::promise<Outcome> done;
  auto future = done.get_future();
  call([&done](Outcome r) { done.set_value(std::move(r)); });
  return future.get();
}

std::size_t StoredTurns(Engine& engine, const std::string& user) {
  auto exported = Wait<Result<nlohmann::json>>(
      [&](auto done) { engine.export_conversation(user, std::move(done)); });
  return exported.value()["turns"].size();
}

// A restart in the middle of a conversation continues it: the context
// ("tell me more" of the topic in play) survives on the SQLite file.
TEST(Engine, RestartContinuesTheConversation) {
  const auto db = FreshDb("gutbot-restart");
  {
    Engine engine(LeakyGut().kb, LeakyGut().model, OpenStore(StoreOptions(db.string())));
    ASSERT_EQ(Turn(engine, "ann", "what is zonulin").value().topic, "zonulin");
  }
  Engine engine(LeakyGut().kb, LeakyGut().model, OpenStore(StoreOptions(db.string())));
  auto more = Turn(engine, "ann", "tell me more");
  ASSERT_TRUE(more);
  EXPECT_EQ(more.value().intent, "more");
  EXPECT_EQ(more.value().topic, "zonulin");
  EXPECT_EQ(History(engine, "ann", 10).size(), 4u);
}

// Issue #20, finding 3: a conversation stops at its turn limit and, while
// the store is short of room, no new one starts; the others go on.
TEST(Engine, StorageQuotaStopsLongAndNewConversationsWhileOthersGoOn) {
  auto room = std::make_shared<std::atomic<bool>>(true);
  EngineOptions options;
  options.quota.max_turns_per_conversation = 2;
  options.quota.room_for_new_conversation = [room] { return room->load(); };
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>(), options);
  ASSERT_TRUE(Turn(engine, "ann", "hello"));
  room->store(false);
  const auto refused = Turn(engine, "bob", "hello");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kStorageFull);
  ASSERT_TRUE(Turn(engine, "ann", "what is zonulin"));
  const auto full = Turn(engine, "ann", "tell me more");
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kConversationFull);
  EXPECT_EQ(History(engine, "ann", 10).size(), 4u);
  room->store(true);
  EXPECT_TRUE(Turn(engine, "bob", "hello"));
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

// A widget resends a message whose reply a dropped connection lost: the
// visitor gets the reply it already had, and the conversation one turn.
TEST(EngineRepeats, AResentMessageGetsItsFirstReplyAndNoSecondTurn) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  const auto first = Turn(engine, "ann", "what is zonulin", "a1");
  ASSERT_TRUE(first);
  ASSERT_TRUE(Turn(engine, "ann", "what causes leaky gut", "a2"));
  const auto again = Turn(engine, "ann", "what is zonulin", "a1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value().text, first.value().text);
  EXPECT_EQ(again.value().topic, "zonulin");
  EXPECT_EQ(again.value().reply_to, "a1");
  EXPECT_EQ(StoredTurns(engine, "ann"), 2u);
}

// The state keeps 8-hex-digit digests of client ids: two ids that share one
// are still two messages, each answered on its own.
TEST(EngineRepeats, IdsSharingADigestAreTwoMessages) {
  std::map<std::uint32_t, std::string> seen;  // digest -> id
  std::string a, b;
  for (int n = 0; b.empty(); ++n) {
    const std::string id = std::to_string(n) + "c";
    auto [it, fresh] = seen.emplace(ClientIdDigest(id), id);
    if (!fresh) a = it->second, b = id;
  }
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  const auto first = Turn(engine, "ann", "what is zonulin", a);
  const auto second = Turn(engine, "ann", "what causes leaky gut", b);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(second.value().reply_to, b);
  EXPECT_NE(second.value().text, first.value().text);
  EXPECT_EQ(StoredTurns(engine, "ann"), 2u);
}

TEST(EngineRepeats, ARepeatInTheSameBatchIsAnsweredOnce) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  std::promise<Result<Reply>> one, two;
  engine.submit({"ann", "what is zonulin", "test", "x"},
                [&](Result<Reply> r) { one.set_value(std::move(r)); });
  engine.submit({"ann", "what is zonulin", "test", "x"},
                [&](Result<Reply> r) { two.set_value(std::move(r)); });
  const auto a = one.get_future().get();
  const auto b = two.get_future().get();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a.value().text, b.value().text);
  EXPECT_EQ(StoredTurns(engine, "ann"), 1u);
}

TEST(EngineRepeats, TheSameIdFromAnotherUserIsItsOwnMessage) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  ASSERT_TRUE(Turn(engine, "ann", "what is zonulin", "1"));
  const auto bob = Turn(engine, "bob", "how long does healing take", "1");
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob.value().intent, "healing_time");
  EXPECT_EQ(StoredTurns(engine, "bob"), 1u);
}

TEST(EngineReload, AnswersFromTheNewBaseAndKeepsConversations) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  ASSERT_EQ(Turn(engine, "ann", "what is zonulin", "1").value().topic, "zonulin");
  engine.reload(Tea().kb, Tea().model);
  EXPECT_EQ(engine.knowledge_base(), Tea().kb);
  EXPECT_EQ(engine.welcome_text(), Tea().kb->phrases.welcome);
  EXPECT_EQ(engine.ask("how long should i steep black tea").topic, "brew_black");
  // The old topic is unknown to the new base: treated as no topic, no crash.
  const auto more = Turn(engine, "ann", "tell me more", "2");
  ASSERT_TRUE(more);
  EXPECT_EQ(StoredTurns(engine, "ann"), 2u);
}

// Two instances on one database answer one conversation at once, 40
// messages each, all queued together. Every answered turn is kept exactly
// once, numbered without gaps, none interleaved into another's state. A turn
// that still collides after every attempt is answered with "conflict" (the
// client may send it again) and leaves nothing behind: it is not lost.
TEST(EngineConflicts, TwoEnginesOnOneStoreLoseNoTurn) {
  const auto db = FreshDb("gutbot-two-engines");
  constexpr int kEach = 40;
  // Declared before the engines, so that a failed assertion stops both
  // workers before the promises they fulfil are destroyed.
  std::vector<std::future<Result<Reply>>> replies;
  std::vector<std::promise<Result<Reply>>> promises(2 * kEach);
  Engine a(LeakyGut().kb, LeakyGut().model, OpenStore(StoreOptions(db.string())));
  Engine b(LeakyGut().kb, LeakyGut().model, OpenStore(StoreOptions(db.string())));
  for (int i = 0; i < kEach; ++i) {
    for (int which = 0; which < 2; ++which) {
      auto& promise = promises[static_cast<std::size_t>(2 * i + which)];
      replies.push_back(promise.get_future());
      Engine& engine = which == 0 ? a : b;
      engine.submit(
          {"shared", "what is zonulin", "test", std::to_string(which) + "-" + std::to_string(i)},
          [&promise](Result<Reply> r) { promise.set_value(std::move(r)); });
    }
  }
  std::multiset<std::string> answered;
  for (auto& reply : replies) {
    const auto r = reply.get();
    if (r) {
      answered.insert(r.value().reply_to);
    } else {
      EXPECT_EQ(r.error().code, ErrorCode::kConflict) << r.error().message;
    }
  }
  // Conflicts are the exception: the random pauses between attempts let
  // nearly every turn through.
  EXPECT_GE(answered.size(), kEach * 3 / 2);

  auto store = OpenStore(StoreOptions(db.string()));
  const auto turns = store->turns("shared", 1000).value();
  ASSERT_EQ(turns.size(), answered.size());
  std::multiset<std::string> stored;
  for (std::size_t i = 0; i < turns.size(); ++i) {
    EXPECT_EQ(turns[i].seq, static_cast<std::int64_t>(i + 1));
    stored.insert(nlohmann::json::parse(turns[i].reply).at("reply_to").get<std::string>());
  }
  EXPECT_EQ(stored, answered);
  EXPECT_EQ(store->load("shared").value()->version, static_cast<std::int64_t>(answered.size()));
}

// The engine keeps answered conversations in memory (bot/engine/state_cache.h);
// what it sends is exactly what it stored, and a forgotten conversation
// starts again from nothing, not from the remembered state.
TEST(EngineStateCache, ForgettingAConversationForgetsItsRememberedState) {
  const auto db = FreshDb("gutbot-forget-cached");
  Engine engine(LeakyGut().kb, LeakyGut().model, OpenStore(StoreOptions(db.string())));
  const auto first = Turn(engine, "ann", "what is zonulin", "1");
  ASSERT_TRUE(first);
  ASSERT_TRUE(Turn(engine, "ann", "how long does healing take", "2"));
  ASSERT_TRUE(
      Wait<Result<bool>>([&](auto done) { engine.forget("ann", std::move(done)); }).value());

  // Were the old state still used, id "1" would count as a retry and the
  // turn would be stored as the conversation's third.
  const auto again = Turn(engine, "ann", "what should i eat", "1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value().intent, "diet");
  auto store = OpenStore(StoreOptions(db.string()));
  const auto turns = store->turns("ann", 10).value();
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_EQ(turns[0].seq, 1);
  EXPECT_EQ(turns[0].reply, again.value().encoded);
  EXPECT_NE(first.value().encoded.find("\"reply_to\":\"1\""), std::string::npos);
}

// The same across instances: one forgets what the other still remembers.
TEST(EngineStateCache, AConversationForgottenByAnotherInstanceStartsAfresh) {
  const auto db = FreshDb("gutbot-forget-elsewhere");
  Engine a(LeakyGut().kb, LeakyGut().model, OpenStore(StoreOptions(db.string())));
  Engine b(LeakyGut().kb, LeakyGut().model, OpenStore(StoreOptions(db.string())));
  ASSERT_TRUE(Turn(a, "ann", "what is zonulin", "1"));
  ASSERT_TRUE(Wait<Result<bool>>([&](auto done) { b.forget("ann", std::move(done)); }).value());
  const auto again = Turn(a, "ann", "what should i eat", "1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value().intent, "diet");
  const auto turns = OpenStore(StoreOptions(db.string()))->turns("ann", 10).value();
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_EQ(turns[0].seq, 1);
}

TEST(EngineAdmin, ForgetsExportsAndPingsTheStore) {
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>());
  ASSERT_TRUE(Turn(engine, "ann", "hello", "1"));
  EXPECT_TRUE(Wait<Status>([&](auto done) { engine.check_store(std::move(done)); }));
  const auto exported = Wait<Result<nlohmann::json>>(
      [&](auto done) { engine.export_conversation("ann", std::move(done)); });
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported.value()["user"], "ann");
  EXPECT_EQ(exported.value()["turns"][0]["user"], "hello");
  EXPECT_EQ(exported.value()["turns"][0]["channel"], "test");
  EXPECT_TRUE(
      Wait<Result<bool>>([&](auto done) { engine.forget("ann", std::move(done)); }).value());
  EXPECT_FALSE(
      Wait<Result<bool>>([&](auto done) { engine.forget("ann", std::move(done)); }).value());
  EXPECT_EQ(StoredTurns(engine, "ann"), 0u);
}

TEST(EngineAdmin, CountsMessagesFallbacksAndUnansweredQuestions) {
  auto metrics = std::make_shared<Metrics>();
  EngineOptions options;
  options.metrics = metrics;
  Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<MemoryStore>(), options);
  ASSERT_TRUE(Turn(engine, "ann", "what is zonulin", "1"));
  ASSERT_TRUE(Turn(engine, "ann", "Who won the World Cup in 1998?", "2"));
  ASSERT_TRUE(Turn(engine, "bob", "who won the world cup in 1998", "1"));
  ASSERT_TRUE(Turn(engine, "bob", "there is blood in my stool", "2"));

  EXPECT_EQ(
      metrics->counter("gutbot_messages_total", "", {{"channel", "test"}, {"intent", "zonulin"}})
          .value(),
      1);
  EXPECT_EQ(metrics->counter("gutbot_fallbacks_total", "", {{"channel", "test"}}).value(), 2);
  EXPECT_EQ(metrics->counter("gutbot_urgent_total", "", {{"channel", "test"}}).value(), 1);
  // The content owner's records, in the store.
  const auto unanswered = Wait<Result<std::vector<UnansweredRecord>>>([&](auto done) {
                            engine.unanswered(0, 10, std::move(done));
                          }).value();
  ASSERT_EQ(unanswered.size(), 2u);
  std::set<std::string> asked;
  for (const UnansweredRecord& r : unanswered) {
    asked.insert(r.user + ": " + r.text);
    EXPECT_EQ(r.coverage, "none");
  }
  EXPECT_EQ(asked, (std::set<std::string>{"ann: Who won the World Cup in 1998?",
                                          "bob: who won the world cup in 1998"}));
  const auto counts = Wait<Result<std::vector<DailyCount>>>(
      [&](auto done) { engine.daily_counts("", std::move(done)); });
  std::int64_t counted = 0, emergencies = 0;
  for (const DailyCount& c : counts.value()) {
    counted += c.count;
    if (c.safety == "emergency") emergencies += c.count;
  }
  EXPECT_EQ(counted, 4);
  EXPECT_EQ(emergencies, 1);
  const std::string text = metrics->render();
  EXPECT_NE(text.find("gutbot_reply_seconds_count 4"), std::string::npos) << text;
  EXPECT_NE(text.find("gutbot_store_commit_seconds_count"), std::string::npos);
  EXPECT_NE(text.find("gutbot_store_sync_seconds_count"), std::string::npos);
}

}  // namespace
}  // namespace gutbot::bot
