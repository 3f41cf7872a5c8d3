// One suite for every ConversationStore backend: the same behaviour from the
// in-memory store, a real SQLite file and a real PostgreSQL server.
#include "bot/engine/conversation_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <map>

#include "bot/engine/message.h"
#include "bot/store/memory_store.h"
#include "bot/store/postgres_store.h"
#include "bot/store/sqlite_store.h"
#include "tests/support/test_postgres.h"

namespace gutbot::bot {
namespace {

namespace fs = std::filesystem;

struct Backend {
  std::string name;
  // Opens the store at a file path, or at a PostgreSQL URL when `postgres`.
  std::function<std::unique_ptr<ConversationStore>(const std::string&)> open;
  bool postgres = false;
};

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("gutbot-store-" + std::to_string(::getpid()) + "-" + GetParam().name + ".db");
    Remove();
    std::string address = path_.string();
    if (GetParam().postgres) {
      GUTBOT_TEST_POSTGRES_URL(url);
      address = testing::FreshSchema(url, testing::SchemaName("store"));
    }
    store_ = GetParam().open(address);
  }
  void TearDown() override {
    store_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }

  static TurnWrite Write(const std::string& user, const std::string& text, std::int64_t version,
                         std::int64_t at = 1000) {
    return TurnWrite{user,
                     "test",
                     text,
                     "re: " + text,
                     R"({"type":"reply"})",
                     R"({"n":)" + std::to_string(version + 1) + "}",
                     version,
                     at,
                     {}};
  }

  // A turn answered with `coverage` (and `safety`), its facts as the engine
  // gives them and its reply object saying the same.
  static TurnWrite Answered(const std::string& user, const std::string& text, std::int64_t version,
                            std::int64_t at, const std::string& coverage,
                            const std::string& safety = "", const std::string& reply_to = "") {
    TurnWrite t = Write(user, text, version, at);
    Reply reply;
    reply.text = "re: " + text;
    reply.intent = coverage == "none" ? "out_of_scope" : "diet";
    reply.topic = coverage == "none" ? "" : "diet";
    reply.nearest_topic = "diet";
    reply.coverage = coverage;
    reply.safety = safety;
    reply.missing = coverage == "partial" ? "kombucha, kefir" : "";
    reply.reply_to = reply_to;
    t.reply = EncodeReply(reply);
    t.facts = FactsOf(reply);
    return t;
  }

  // The daily counts from `from_day` on, as "day intent channel coverage safety" -> count.
  std::map<std::string, std::int64_t> Counts(const std::string& from_day = "") {
    std::map<std::string, std::int64_t> out;
    const auto counts = store_->daily_counts(from_day);
    for (const DailyCount& c : counts.value()) {
      out[c.day + " " + c.intent + " " + c.channel + " " + c.coverage + " " + c.safety] = c.count;
    }
    return out;
  }

  fs::path path_;
  std::unique_ptr<ConversationStore> store_;
};

constexpr std::int64_t kDay = 24 * 60 * 60 * 1000;
constexpr std::int64_t kDec1 = 1764547200000;  // 2025-12-01T00:00:00Z

// Issue #23: the content owner's records. Every committed turn is counted
// by its day and facts; questions answered partly or not at all are kept
// with their words, nearest topic and what was missing, newest first.
TEST_P(StoreTest, UnansweredQuestionsAndDailyCountsAreKeptWithTheirTurns) {
  ASSERT_TRUE(store_->commit({Answered("ann", "what should I eat", 0, kDec1 + 10, "full"),
                              Answered("ann", "is kombucha ok", 1, kDec1 + 20, "partial"),
                              Answered("bob", "capital of peru", 0, kDec1 + 30, "none")}));
  ASSERT_TRUE(
      store_->commit({Answered("bob", "blood in my stool", 1, kDec1 + kDay, "full", "emergency"),
                      Answered("cy", "and kefir?", 0, kDec1 + kDay + 5, "partial")}));

  const auto all = store_->unanswered(0, 10).value();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].text, "and kefir?");  // newest first
  EXPECT_EQ(all[0].user, "cy");
  EXPECT_EQ(all[1].text, "capital of peru");
  EXPECT_EQ(all[1].coverage, "none");
  EXPECT_EQ(all[1].topic, "diet") << "the nearest topic of a question not covered";
  const UnansweredRecord& kombucha = all[2];
  EXPECT_EQ(kombucha.user, "ann");
  EXPECT_EQ(kombucha.at_unix_ms, kDec1 + 20);
  EXPECT_EQ(kombucha.channel, "test");
  EXPECT_EQ(kombucha.coverage, "partial");
  EXPECT_EQ(kombucha.topic, "diet");
  EXPECT_EQ(kombucha.missing, "kombucha, kefir");
  EXPECT_EQ(store_->unanswered(kDec1 + 25, 10).value().size(), 2u) << "since";
  EXPECT_EQ(store_->unanswered(0, 1).value().size(), 1u) << "limit";

  const std::map<std::string, std::int64_t> expected{{"2025-12-01 diet test full ", 1},
                                                     {"2025-12-01 diet test partial ", 1},
                                                     {"2025-12-01 out_of_scope test none ", 1},
                                                     {"2025-12-02 diet test full emergency", 1},
                                                     {"2025-12-02 diet test partial ", 1}};
  EXPECT_EQ(Counts(), expected);
  EXPECT_EQ(Counts("2025-12-02").size(), 2u);
  // Another batch adds to the same day's counts.
  ASSERT_TRUE(store_->commit({Answered("dee", "is kefir ok", 0, kDec1 + kDay + 9, "partial")}));
  EXPECT_EQ(Counts()["2025-12-02 diet test partial "], 2);
}

TEST_P(StoreTest, AFailedBatchRecordsNothing) {
  ASSERT_TRUE(store_->commit({Answered("ann", "is kombucha ok", 0, kDec1, "partial")}));
  const auto stale = store_->commit({Answered("bob", "capital of peru", 0, kDec1, "none"),
                                     Answered("ann", "is kefir ok", 0, kDec1, "partial")});
  ASSERT_FALSE(stale);
  EXPECT_EQ(store_->unanswered(0, 10).value().size(), 1u);
  EXPECT_EQ(Counts().size(), 1u);
}

// Forgetting a visitor leaves nothing of them: not their questions, not
// their ratings, not their turns in the daily counts.
TEST_P(StoreTest, ForgetTakesAConversationOffEveryRecord) {
  ASSERT_TRUE(store_->commit({Answered("ann", "is kombucha ok", 0, kDec1, "partial"),
                              Answered("ann", "blood in my stool", 1, kDec1, "full", "emergency"),
                              Answered("bob", "is kefir ok", 0, kDec1, "partial")}));
  ASSERT_TRUE(store_->commit({Answered("ann", "what should I eat", 2, kDec1, "full", "", "m3")}));
  ASSERT_TRUE(store_->rate({"ann", "m3", "down", "vague", kDec1 + 1}).value());
  ASSERT_EQ(store_->ratings(10).value().size(), 1u);

  ASSERT_TRUE(store_->forget("ann").value());
  const auto left = store_->unanswered(0, 10).value();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].user, "bob");
  EXPECT_TRUE(store_->ratings(10).value().empty());
  const std::map<std::string, std::int64_t> bob_only{{"2025-12-01 diet test partial ", 1}};
  EXPECT_EQ(Counts(), bob_only);
}

// Retention: a conversation idle past the cutoff goes with its questions,
// and the counts of the cutoff's day and every day before it go too.
TEST_P(StoreTest, RetentionExpiresTheRecordsWithTheConversations) {
  ASSERT_TRUE(store_->commit({Answered("old", "is kombucha ok", 0, kDec1, "partial"),
                              Answered("new", "is kefir ok", 0, kDec1 + 2 * kDay, "partial")}));
  ASSERT_EQ(store_->forget_idle(kDec1 + kDay / 2).value(), 1u);
  const auto left = store_->unanswered(0, 10).value();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].user, "new");
  const std::map<std::string, std::int64_t> recent{{"2025-12-03 diet test partial ", 1}};
  EXPECT_EQ(Counts(), recent);
}

// Issue #20, finding 7: a delivery is claimed once, its retries get its
// answer, a failed one may be claimed again, and claims expire.
TEST_P(StoreTest, TheDeliveryLedgerAnswersOnceUntilItExpires) {
  constexpr std::int64_t kTtl = 60000;
  auto first = store_->claim_delivery("telegram:7", 1000, kTtl);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first.value().first);
  auto retry = store_->claim_delivery("telegram:7", 2000, kTtl);
  ASSERT_TRUE(retry);
  EXPECT_FALSE(retry.value().first);
  EXPECT_EQ(retry.value().answer, std::nullopt);  // still being answered
  ASSERT_TRUE(store_->complete_delivery("telegram:7", "the answer"));
  EXPECT_EQ(store_->claim_delivery("telegram:7", 3000, kTtl).value().answer, "the answer");
  // Another delivery is its own.
  EXPECT_TRUE(store_->claim_delivery("telegram:8", 3000, kTtl).value().first);
  ASSERT_TRUE(store_->release_delivery("telegram:8"));
  EXPECT_TRUE(store_->claim_delivery("telegram:8", 4000, kTtl).value().first);
  // Past its time to live, a delivery is new again.
  EXPECT_TRUE(store_->claim_delivery("telegram:7", 1000 + kTtl + 1, kTtl).value().first);
}

TEST_P(StoreTest, NewUserHasNoState) {
  auto loaded = store_->load("nobody");
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded.value().has_value());
}

TEST_P(StoreTest, CommitSavesStateAndAppendsTurnsInOrder) {
  ASSERT_TRUE(
      store_->commit({Write("ann", "one", 0), Write("bob", "hi", 0), Write("ann", "two", 1)}));
  auto ann = store_->load("ann");
  ASSERT_TRUE(ann && ann.value());
  EXPECT_EQ(ann.value()->version, 2);
  EXPECT_EQ(ann.value()->state, R"({"n":2})");
  auto turns = store_->turns("ann", 10);
  ASSERT_TRUE(turns);
  ASSERT_EQ(turns.value().size(), 2u);
  EXPECT_EQ(turns.value()[0].user_text, "one");
  EXPECT_EQ(turns.value()[1].user_text, "two");
  EXPECT_EQ(turns.value()[1].bot_text, "re: two");
  EXPECT_EQ(turns.value()[1].channel, "test");
}

TEST_P(StoreTest, TurnsReturnsTheLastOnesOldestFirst) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->commit({Write("ann", std::to_string(i), i)}));
  auto turns = store_->turns("ann", 2);
  ASSERT_TRUE(turns);
  ASSERT_EQ(turns.value().size(), 2u);
  EXPECT_EQ(turns.value()[0].user_text, "3");
  EXPECT_EQ(turns.value()[1].user_text, "4");
}

TEST_P(StoreTest, StaleVersionIsAConflictAndWritesNothing) {
  ASSERT_TRUE(store_->commit({Write("ann", "one", 0)}));
  auto stale = store_->commit({Write("bob", "hi", 0), Write("ann", "again", 0)});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store_->load("bob").value().has_value()) << "a failed batch must write nothing";
  EXPECT_EQ(store_->turns("ann", 10).value().size(), 1u);
}

TEST_P(StoreTest, ForgetDeletesStateAndTurns) {
  ASSERT_TRUE(store_->commit({Write("ann", "one", 0), Write("bob", "hi", 0)}));
  EXPECT_TRUE(store_->forget("ann").value());
  EXPECT_FALSE(store_->forget("ann").value());
  EXPECT_FALSE(store_->load("ann").value().has_value());
  EXPECT_TRUE(store_->turns("ann", 10).value().empty());
  EXPECT_EQ(store_->turns("bob", 10).value().size(), 1u);
}

// An instance still holding a forgotten conversation's state in memory must
// not bring it back: writing on from a version the store no longer has is a
// conflict, like writing on from an old one.
TEST_P(StoreTest, AWriteFromAForgottenConversationIsAConflict) {
  ASSERT_TRUE(store_->commit({Write("ann", "one", 0)}));
  ASSERT_TRUE(store_->forget("ann").value());
  auto late = store_->commit({Write("ann", "two", 1)});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store_->load("ann").value().has_value());
  EXPECT_TRUE(store_->turns("ann", 10).value().empty());
  ASSERT_TRUE(store_->commit({Write("ann", "afresh", 0)}));
  EXPECT_EQ(store_->turns("ann", 10).value().at(0).seq, 1);
}

TEST_P(StoreTest, ForgetIdleDeletesOnlyOldConversations) {
  ASSERT_TRUE(store_->commit({Write("old", "a", 0, 100), Write("new", "b", 0, 5000)}));
  auto removed = store_->forget_idle(1000);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed.value(), 1u);
  EXPECT_FALSE(store_->load("old").value().has_value());
  EXPECT_TRUE(store_->load("new").value().has_value());
}

TEST_P(StoreTest, HostileTextIsStoredVerbatim) {
  const std::string user(2000, 'u');
  const std::string text = "'); DROP TABLE turns; -- \"\\ \xF0\x9F\x98\x80 \n%s";
  ASSERT_TRUE(store_->commit({Write(user, text, 0)}));
  auto turns = store_->turns(user, 1);
  ASSERT_TRUE(turns);
  ASSERT_EQ(turns.value().size(), 1u);
  EXPECT_EQ(turns.value()[0].user_text, text);
}

// A rating goes with the latest turn that answered its client id, replaces
// an earlier one, is listed newest first across conversations, and goes
// when its conversation does.
TEST_P(StoreTest, RatingsAreKeptWithTheTurnTheyRate) {
  const auto answered = [](const std::string& user, const std::string& text, std::int64_t version,
                           const std::string& id) {
    TurnWrite t = Write(user, text, version);
    t.reply = R"({"type":"reply","reply_to":")" + id + R"(","text":"re"})";
    return t;
  };
  ASSERT_TRUE(store_->commit({answered("ann", "what is zonulin", 0, "m1"),
                              answered("ann", "more", 1, "m2"), answered("bob", "hi", 0, "m1")}));
  EXPECT_TRUE(store_->rate({"ann", "m1", "up", "", 2000}).value());
  EXPECT_TRUE(store_->rate({"ann", "m1", "down", "too vague", 3000}).value());
  EXPECT_TRUE(store_->rate({"bob", "m1", "up", "", 2500}).value());
  EXPECT_FALSE(store_->rate({"ann", "m9", "up", "", 4000}).value()) << "no answer to m9";
  EXPECT_FALSE(store_->rate({"cy", "m1", "up", "", 4000}).value()) << "no such conversation";

  auto ratings = store_->ratings(10);
  ASSERT_TRUE(ratings);
  ASSERT_EQ(ratings.value().size(), 2u);
  const RatingRecord& ann = ratings.value()[0];
  EXPECT_EQ(ann.user, "ann");
  EXPECT_EQ(ann.user_text, "what is zonulin");
  EXPECT_EQ(ann.bot_text, "re: what is zonulin");
  EXPECT_EQ(ann.channel, "test");
  EXPECT_EQ(ann.rating, "down");
  EXPECT_EQ(ann.comment, "too vague");
  EXPECT_EQ(ann.at_unix_ms, 3000);
  EXPECT_EQ(ratings.value()[1].user, "bob");
  EXPECT_EQ(store_->ratings(1).value().size(), 1u);
  const auto turns = store_->turns("ann", 10).value();
  EXPECT_EQ(turns.at(0).rating, "down");
  EXPECT_EQ(turns.at(1).rating, "");

  ASSERT_TRUE(store_->forget("ann").value());
  EXPECT_EQ(store_->ratings(10).value().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, StoreTest,
    ::testing::Values(
        Backend{"memory", [](const std::string&) { return std::make_unique<MemoryStore>(); }},
        Backend{"sqlite",
                [](const std::string& path) { return std::make_unique<SqliteStore>(path); }},
        Backend{"postgres",
                [](const std::string& url) { return std::make_unique<PostgresStore>(url); }, true}),
    [](const auto& info) { return info.param.name; });

TEST(SqliteStore, SurvivesReopening) {
  const auto path =
      fs::temp_directory_path() / ("gutbot-reopen-" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  {
    SqliteStore store(path.string());
    ASSERT_TRUE(store.commit({TurnWrite{"ann", "ws", "hi", "hello", "{}", "{}", 0, 1, {}}}));
  }
  SqliteStore store(path.string());
  EXPECT_EQ(store.load("ann").value()->version, 1);
  EXPECT_EQ(store.turns("ann", 5).value().size(), 1u);
  fs::remove(path);
}

// With the default deferred sync a commit reaches the WAL file, and sync()
// flushes that file; an in-memory database has no file and nothing to sync.
TEST(SqliteStore, SyncFlushesTheWalOfAFileAndIsANoOpInMemory) {
  const auto path =
      fs::temp_directory_path() / ("gutbot-sync-" + std::to_string(::getpid()) + ".db");
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path.string() + s);
  {
    SqliteStore store(path.string());
    ASSERT_TRUE(store.commit({TurnWrite{"ann", "ws", "hi", "hello", "{}", "{}", 0, 1, {}}}));
    EXPECT_GT(fs::file_size(path.string() + "-wal"), 0u);
    EXPECT_TRUE(store.sync());
  }
  SqliteStore memory(":memory:");
  ASSERT_TRUE(memory.commit({TurnWrite{"ann", "ws", "hi", "hello", "{}", "{}", 0, 1, {}}}));
  EXPECT_TRUE(memory.sync());
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path.string() + s);
}

// How many rows of the turns table each user has, read from the file itself:
// the store finds turns through their conversation, so a turn left behind
// would not show through its interface.
std::map<std::string, int> TurnRows(const fs::path& path) {
  sqlite3* db = nullptr;
  std::map<std::string, int> rows;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT user, count(*) FROM turns GROUP BY user", -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW) {
      rows[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] = sqlite3_column_int(s, 1);
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return rows;
}

// Interleaved conversations over several commits; a failed batch, a forgotten
// conversation and an idle one leave no rows behind, and the others keep
// every turn in order.
TEST(SqliteStore, DeletionsAndFailedBatchesLeaveNoTurnRowsBehind) {
  const auto path =
      fs::temp_directory_path() / ("gutbot-rows-" + std::to_string(::getpid()) + ".db");
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path.string() + s);
  {
    SqliteStore store(path.string());
    const auto turn = [](const std::string& user, std::int64_t version, std::int64_t at) {
      return TurnWrite{user, "ws", user + std::to_string(version), "re", "{}", "{}", version,
                       at,   {}};
    };
    for (std::int64_t v = 0; v < 4; ++v) {
      ASSERT_TRUE(store.commit({turn("ann", v, 5000), turn("bob", v, 5000), turn("old", v, 10)}));
    }
    ASSERT_FALSE(store.commit({turn("bob", 4, 5000), turn("ann", 0, 5000)}))
        << "ann is at version 4";
    EXPECT_EQ(TurnRows(path), (std::map<std::string, int>{{"ann", 4}, {"bob", 4}, {"old", 4}}));

    ASSERT_TRUE(store.forget("ann").value());
    ASSERT_EQ(store.forget_idle(1000).value(), 1u);
    EXPECT_EQ(TurnRows(path), (std::map<std::string, int>{{"bob", 4}}));
    auto bob = store.turns("bob", 10).value();
    ASSERT_EQ(bob.size(), 4u);
    for (std::size_t i = 0; i < bob.size(); ++i) {
      EXPECT_EQ(bob[i].seq, static_cast<std::int64_t>(i) + 1);
      EXPECT_EQ(bob[i].user_text, "bob" + std::to_string(i));
    }
  }
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path.string() + s);
}

}  // namespace
}  // namespace gutbot::bot
