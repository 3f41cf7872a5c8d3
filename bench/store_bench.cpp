// The SQLite store's commit path: turns per second with one turn per
// transaction and with group commits of several sizes, on a real file with
// synchronous=FULL (the default: durable across power loss).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "bot/sqlite_store.h"

namespace gutbot::bench {
namespace {

namespace fs = std::filesystem;

void BM_SqliteCommit(benchmark::State& state) {
  const auto batch_size = static_cast<std::size_t>(state.range(0));
  const fs::path path = fs::temp_directory_path() / "gutbot-store-bench.db";
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path.string() + s);
  bot::SqliteStore store(path.string());
  std::vector<std::int64_t> versions(1000, 0);
  const std::string reply(300, 'r');
  std::size_t next_user = 0;
  for (auto _ : state) {
    std::vector<bot::TurnWrite> batch;
    for (std::size_t i = 0; i < batch_size; ++i) {
      const std::size_t u = next_user++ % versions.size();
      batch.push_back({"user-" + std::to_string(u), "bench", "how long does healing take",
                       "Usually a few weeks...", reply, R"({"topics":["healing_time"]})",
                       versions[u]++, 1});
    }
    if (!store.commit(batch)) state.SkipWithError("commit failed");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch_size));
  state.counters["turns_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * batch_size), benchmark::Counter::kIsRate);
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(path.string() + s);
}

BENCHMARK(BM_SqliteCommit)->Arg(1)->Arg(8)->Arg(64)->Arg(256)->UseRealTime();

}  // namespace
}  // namespace gutbot::bench
