// What only the PostgreSQL store has to show: several instances on one
// conversation, a server restart, migrations, its URL parameters. The
// behaviour it shares with the other stores is in conversation_store_test.
#include "bot/store/postgres_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/test_postgres.h"

namespace gutbot::bot {
namespace {

TurnWrite Write(const std::string& user, const std::string& text, std::int64_t version) {
  return TurnWrite{user, "test", text, "re: " + text, "{}", "{}", version, 1000, {}};
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GUTBOT_TEST_POSTGRES_URL(url);
    url_ = testing::FreshSchema(url, testing::SchemaName("pg"));
  }
  std::string url_;
};

TEST_F(PostgresStoreTest, TheInstanceThatWritesSecondGetsAConflictAndLosesNothing) {
  PostgresStore first(url_);
  PostgresStore second(url_);
  ASSERT_TRUE(first.commit({Write("ann", "one", 0)}));
  // Both instances hold version 1 and answer a message each.
  ASSERT_TRUE(first.commit({Write("ann", "two (first)", 1)}));
  auto late = second.commit({Write("bob", "hi", 0), Write("ann", "two (second)", 1)});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(first.load("bob").value().has_value()) << "a failed batch must write nothing";
  // The second instance reloads and answers again from the new version.
  const auto reloaded = second.load("ann");
  ASSERT_TRUE(reloaded && reloaded.value());
  EXPECT_EQ(reloaded.value()->version, 2);
  ASSERT_TRUE(second.commit({Write("ann", "two (second)", 2)}));
  auto turns = first.turns("ann", 10);
  ASSERT_TRUE(turns);
  ASSERT_EQ(turns.value().size(), 3u);
  EXPECT_EQ(turns.value()[1].user_text, "two (first)");
  EXPECT_EQ(turns.value()[2].user_text, "two (second)");
}

TEST_F(PostgresStoreTest, ConcurrentInstancesNeitherInterleaveNorLoseTurns) {
  constexpr int kTurnsEach = 25;
  auto writer = [this](const std::string& name) {
    PostgresStore store(url_);
    for (int i = 0; i < kTurnsEach;) {
      auto loaded = store.load("shared");
      ASSERT_TRUE(loaded);
      const std::int64_t version = loaded.value() ? loaded.value()->version : 0;
      auto committed = store.commit({Write("shared", name + " " + std::to_string(i), version)});
      if (committed) {
        ++i;
      } else {
        ASSERT_EQ(committed.error().code, ErrorCode::kConflict) << committed.error().message;
      }
    }
  };
  std::thread a(writer, "a");
  std::thread b(writer, "b");
  a.join();
  b.join();

  PostgresStore store(url_);
  auto turns = store.turns("shared", 1000);
  ASSERT_TRUE(turns);
  ASSERT_EQ(turns.value().size(), 2u * kTurnsEach);
  int next_a = 0;
  int next_b = 0;
  for (std::size_t i = 0; i < turns.value().size(); ++i) {
    const TurnRecord& t = turns.value()[i];
    EXPECT_EQ(t.seq, static_cast<std::int64_t>(i) + 1);
    int& next = t.user_text[0] == 'a' ? next_a : next_b;
    EXPECT_EQ(t.user_text.substr(2), std::to_string(next++))
        << "each instance's turns in its order";
  }
  EXPECT_EQ(store.load("shared").value()->version, 2 * kTurnsEach);
}

TEST_F(PostgresStoreTest, MigratesVersion1AndKeepsItsTurns) {
  // Schema version 1 as the first PostgreSQL store wrote it, with one conversation.
  testing::ExecSql(url_, R"sql(
    CREATE TABLE gutbot_schema (version INTEGER NOT NULL);
    INSERT INTO gutbot_schema VALUES (1);
    CREATE TABLE conversations (user_id TEXT PRIMARY KEY, state TEXT NOT NULL,
      version BIGINT NOT NULL, updated_ms BIGINT NOT NULL);
    CREATE TABLE turns (user_id TEXT NOT NULL REFERENCES conversations(user_id) ON DELETE CASCADE,
      seq BIGINT NOT NULL, at_ms BIGINT NOT NULL, user_text TEXT NOT NULL,
      bot_text TEXT NOT NULL, reply TEXT NOT NULL, PRIMARY KEY (user_id, seq));
    CREATE INDEX conversations_by_age ON conversations(updated_ms);
    INSERT INTO conversations VALUES ('ann', '{"topics":["zonulin"]}', 1, 10);
    INSERT INTO turns VALUES ('ann', 1, 10, 'what is zonulin', 'A protein...', '{}');
  )sql");
  PostgresStore store(url_);
  auto turns = store.turns("ann", 10);
  ASSERT_TRUE(turns);
  ASSERT_EQ(turns.value().size(), 1u);
  EXPECT_EQ(turns.value()[0].user_text, "what is zonulin");
  EXPECT_EQ(turns.value()[0].channel, "");
  ASSERT_TRUE(store.commit({TurnWrite{"ann",
                                      "ws",
                                      "and gluten?",
                                      "Gluten...",
                                      R"({"type":"reply","reply_to":"m2","text":"Gluten..."})",
                                      "{}",
                                      1,
                                      20,
                                      {}}}));
  EXPECT_EQ(store.turns("ann", 10).value()[1].channel, "ws");
  // Old turns have no ratings; a new one takes one.
  EXPECT_TRUE(store.ratings(10).value().empty());
  EXPECT_TRUE(store.rate({"ann", "m2", "up", "", 30}).value());
  EXPECT_EQ(store.ratings(10).value().at(0).user_text, "and gluten?");
  EXPECT_NO_THROW(PostgresStore{url_}) << "opening a current schema again changes nothing";
}

TEST_F(PostgresStoreTest, RefusesANewerSchema) {
  testing::ExecSql(url_,
                   "CREATE TABLE gutbot_schema (version INTEGER NOT NULL);"
                   "INSERT INTO gutbot_schema VALUES (99)");
  EXPECT_THROW(PostgresStore{url_}, std::runtime_error);
}

TEST_F(PostgresStoreTest, PoolSizeComesFromTheUrl) {
  PostgresStore store(url_ + "&pool_size=3");
  ASSERT_TRUE(store.commit({Write("ann", "one", 0)}));
  EXPECT_THROW(PostgresStore{url_ + "&pool_size=0"}, std::runtime_error);
  EXPECT_THROW(PostgresStore{url_ + "&pool_size=many"}, std::runtime_error);
}

TEST(PostgresStore, ReconnectsAfterTheServerRestarts) {
  // A server of its own, since restarting the shared one would break other
  // tests; the shared one's absence still fails or skips this test alike.
  GUTBOT_TEST_POSTGRES_URL(shared_url);
  static_cast<void>(shared_url);
  const std::string script =
      (std::filesystem::path(GUTBOT_TEST_DATA).parent_path() / "scripts" / "postgres.sh").string();
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("gutbot-pg-restart-" + std::to_string(::getpid())))
          .string();
  auto server = [&](const std::string& command) {
    return std::system(("'" + script + "' " + command + " '" + dir + "' >/dev/null").c_str());
  };
  ASSERT_EQ(server("start"), 0);
  std::string url;
  {
    std::ifstream in(dir + "/url");
    std::getline(in, url);
  }
  PostgresStore store(url);
  ASSERT_TRUE(store.commit({Write("ann", "before", 0)}));

  ASSERT_EQ(server("restart"), 0);
  auto after = store.commit({Write("ann", "after", 1)});
  EXPECT_TRUE(after) << after.error().message;
  EXPECT_EQ(store.turns("ann", 10).value().size(), 2u);
  EXPECT_TRUE(store.ping());

  ASSERT_EQ(server("stop"), 0);
  auto gone = store.load("ann");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kStoreUnavailable);
}

}  // namespace
}  // namespace gutbot::bot
