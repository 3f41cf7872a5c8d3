// The stores' commit path: turns per second with one turn per transaction
// and with group commits of several sizes, each commit made durable before
// the next. SQLite on a real file, the WAL flushed by sync() (as the engine
// does, though the engine answers the next batch meanwhile); PostgreSQL,
// when GUTBOT_BENCH_POSTGRES holds a URL (scripts/postgres.sh start DIR
// prints one), with its default synchronous_commit=on, equally durable.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "bot/store/postgres_store.h"
#include "bot/store/sqlite_store.h"

namespace gutbot::bench {
namespace {

namespace fs = std::filesystem;

// User u of 1,000, named like a session id; consecutive users' names are
// far apart in the tables' order.
std::string UserName(std::size_t u) {
  std::string name = "session-";
  name += std::to_string(u * 7919 % 1000);
  name += "-0123456789";
  return name;
}

// Commits batches of state.range(0) turns spread over 1000 users.
void CommitBatches(benchmark::State& state, bot::ConversationStore& store) {
  const auto batch_size = static_cast<std::size_t>(state.range(0));
  std::vector<std::int64_t> versions(1000, 0);
  // Sizes of a real turn (bench/RESULTS.md's load): about 230 bytes of
  // answer, 480 of reply JSON, 440 of state.
  const std::string answer(230, 'a');
  const std::string reply(480, 'r');
  const std::string conversation_state(440, 's');
  std::size_t next_user = 0;
  for (auto _ : state) {
    std::vector<bot::TurnWrite> batch;
    for (std::size_t i = 0; i < batch_size; ++i) {
      const std::size_t u = next_user++ % versions.size();
      // Every tenth question one the knowledge does not cover: a record of it.
      const bot::TurnFacts facts = i % 10 == 0
                                       ? bot::TurnFacts{"out_of_scope", "none", "", "diet", ""}
                                       : bot::TurnFacts{"healing_time", "full", "", "healing", ""};
      batch.push_back({UserName(u), "bench", "how long does healing take", answer, reply,
                       conversation_state, versions[u]++, 1, facts});
    }
    auto committed = store.commit(batch);
    if (committed) committed = store.sync();
    if (!committed) {
      state.SkipWithError(("commit failed: " + committed.error().message).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch_size));
  state.counters["turns_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * batch_size), benchmark::Counter::kIsRate);
}

void BM_SqliteCommit(benchmark::State& state) {
  const fs::path path = fs::temp_directory_path() / "gutbot-store-bench.db";
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path.string() + s);
  {
    bot::SqliteStore store(path.string());
    CommitBatches(state, store);
  }
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path.string() + s);
}

void BM_PostgresCommit(benchmark::State& state) {
  const char* url = std::getenv("GUTBOT_BENCH_POSTGRES");
  if (url == nullptr || *url == '\0') {
    state.SkipWithError("set GUTBOT_BENCH_POSTGRES to a PostgreSQL URL");
    for (auto _ : state) {
    }
    return;
  }
  bot::PostgresStore store(url);
  // Each run starts its users at version 0.
  auto forget_users = [&store] {
    for (std::size_t u = 0; u < 1000; ++u) store.forget(UserName(u));
  };
  forget_users();
  CommitBatches(state, store);
  forget_users();
}

BENCHMARK(BM_SqliteCommit)->Arg(1)->Arg(8)->Arg(64)->Arg(256)->Arg(1000)->UseRealTime();
BENCHMARK(BM_PostgresCommit)->Arg(1)->Arg(8)->Arg(64)->Arg(256)->Arg(1000)->UseRealTime();

}  // namespace
}  // namespace gutbot::bench
