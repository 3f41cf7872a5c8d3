// One engine turn end to end (understand, answer, store, reply) with the
// in-memory store, and the stateless FAQ answer.
#include <benchmark/benchmark.h>

#include <future>

#include "bench/bench_data.h"
#include "bot/engine/engine.h"
#include "bot/store/memory_store.h"

namespace gutbot::bench {
namespace {

void BM_EngineTurn(benchmark::State& state) {
  bot::Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<bot::MemoryStore>());
  const auto& messages = DevMessages(false);
  std::size_t i = 0;
  for (auto _ : state) {
    std::promise<void> done;
    engine.submit({"user" + std::to_string(i % 64), messages[i % messages.size()], "bench", ""},
                  [&](bot::Result<bot::Reply> r) {
                    benchmark::DoNotOptimize(r);
                    done.set_value();
                  });
    done.get_future().wait();
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Ask(benchmark::State& state) {
  bot::Engine engine(LeakyGut().kb, LeakyGut().model, std::make_unique<bot::MemoryStore>());
  const auto& messages = DevMessages(false);
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(engine.ask(messages[i++ % messages.size()]));
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_EngineTurn)->UseRealTime();
BENCHMARK(BM_Ask);

}  // namespace
}  // namespace gutbot::bench
