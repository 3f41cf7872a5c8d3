// A database written by an older gutbot opens, migrates, and keeps its turns.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "bot/store/sqlite_store.h"

namespace gutbot::bot {
namespace {

namespace fs = std::filesystem;

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
}

// Schema version 1 exactly as gutbot 0.1 wrote it, with two conversations
// whose turns were written interleaved.
void WriteVersion1(const fs::path& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  Exec(db, R"sql(
    CREATE TABLE conversations (user TEXT PRIMARY KEY, state TEXT NOT NULL,
      version INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
    CREATE TABLE turns (user TEXT NOT NULL REFERENCES conversations(user) ON DELETE CASCADE,
      seq INTEGER NOT NULL, at_ms INTEGER NOT NULL, user_text TEXT NOT NULL,
      bot_text TEXT NOT NULL, reply TEXT NOT NULL, PRIMARY KEY (user, seq)) WITHOUT ROWID;
    CREATE INDEX conversations_by_age ON conversations(updated_ms);
    INSERT INTO conversations VALUES ('ann', '{"topics":["zonulin"]}', 2, 30);
    INSERT INTO conversations VALUES ('bob', '{}', 2, 25);
    INSERT INTO turns VALUES ('ann', 1, 10, 'what is zonulin', 'A protein...', '{}');
    INSERT INTO turns VALUES ('bob', 1, 15, 'hi', 'Hello!', '{}');
    INSERT INTO turns VALUES ('bob', 2, 25, 'bye', 'Goodbye!', '{}');
    INSERT INTO turns VALUES ('ann', 2, 30, 'and gluten?', 'Gluten...', '{}');
    PRAGMA user_version = 1;
  )sql");
  sqlite3_close(db);
}

int UserVersion(const fs::path& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr);
  sqlite3_step(s);
  const int v = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

TEST(SqliteMigration, UpgradesVersion1AndKeepsItsTurns) {
  const auto path = fs::temp_directory_path() / ("gutbot-v1-" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  WriteVersion1(path);
  {
    SqliteStore store(path.string());
    auto ann = store.turns("ann", 10);
    ASSERT_TRUE(ann);
    ASSERT_EQ(ann.value().size(), 2u);
    EXPECT_EQ(ann.value()[0].user_text, "what is zonulin");
    EXPECT_EQ(ann.value()[1].user_text, "and gluten?");
    EXPECT_EQ(ann.value()[1].channel, "");
    EXPECT_EQ(store.load("ann").value()->state, R"({"topics":["zonulin"]})");
    ASSERT_TRUE(store.commit({TurnWrite{"ann",
                                        "ws",
                                        "and stress?",
                                        "Stress...",
                                        R"({"type":"reply","reply_to":"m3","text":"Stress..."})",
                                        "{}",
                                        2,
                                        40,
                                        {}}}));
    ann = store.turns("ann", 10);
    ASSERT_EQ(ann.value().size(), 3u);
    EXPECT_EQ(ann.value()[2].seq, 3);
    EXPECT_EQ(ann.value()[2].channel, "ws");
    // Old turns have no ratings; a new one takes one.
    EXPECT_TRUE(store.ratings(10).value().empty());
    EXPECT_FALSE(store.rate({"ann", "m1", "up", "", 50}).value());
    EXPECT_TRUE(store.rate({"ann", "m3", "up", "", 50}).value());
    EXPECT_EQ(store.ratings(10).value().at(0).user_text, "and stress?");

    ASSERT_TRUE(store.forget("ann").value());
    auto bob = store.turns("bob", 10);
    ASSERT_EQ(bob.value().size(), 2u);
    EXPECT_EQ(bob.value()[0].user_text, "hi");
    EXPECT_EQ(bob.value()[1].user_text, "bye");
  }
  EXPECT_EQ(UserVersion(path), SqliteStore::CurrentSchemaVersion());
  fs::remove(path);
}

TEST(SqliteMigration, RefusesANewerSchema) {
  const auto path =
      fs::temp_directory_path() / ("gutbot-v99-" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  Exec(db, "PRAGMA user_version = 99");
  sqlite3_close(db);
  EXPECT_THROW(SqliteStore(path.string()), std::runtime_error);
  fs::remove(path);
}

}  // namespace
}  // namespace gutbot::bot
