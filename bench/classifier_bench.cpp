// Classification cost per message, by kind of message and over the whole dev
// set (the realistic mix), the cost of building the model from the knowledge
// base, in time and in memory, and the safety screen's cost per message.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>

#include "bench/bench_data.h"
#include "intents/intent_model.h"
#include "intents/safety_screen.h"

namespace gutbot::bench {
namespace {

// The value below which `share` of the sorted `values` lie.
double Percentile(std::vector<double> values, double share) {
  const auto at = static_cast<std::size_t>(share * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(at), values.end());
  return values[at];
}

// This thread's CPU time: on a shared machine, time given to other
// processes would otherwise count as classification time.
double CpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// Each iteration runs `run` on every message kRepeats times in a row, timing
// each message apart (the repeats make the clock's own cost negligible).
// Counters: median_us and p90_us over the messages of each message's median
// CPU time per run, and items_per_second, the mean rate.
template <typename Run>
void TimePerMessage(benchmark::State& state, const std::vector<std::string>& messages,
                    const Run& run) {
  constexpr int kRepeats = 8;
  std::vector<std::vector<double>> times(messages.size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
      const double start = CpuMicros();
      for (int r = 0; r < kRepeats; ++r) benchmark::DoNotOptimize(run(messages[i]));
      times[i].push_back((CpuMicros() - start) / kRepeats);
    }
  }
  std::vector<double> per_message;
  for (const std::vector<double>& t : times) per_message.push_back(Percentile(t, 0.5));
  state.counters["median_us"] = Percentile(per_message, 0.5);
  state.counters["p90_us"] = Percentile(per_message, 0.9);
  state.SetItemsProcessed(state.iterations() * kRepeats *
                          static_cast<std::int64_t>(messages.size()));
}

void Classify(benchmark::State& state, const std::vector<std::string>& messages) {
  const auto& model = *LeakyGut().model;
  TimePerMessage(state, messages, [&model](const std::string& m) { return model.classify(m); });
}

const std::vector<std::string>& DevSet() {
  static const auto all = [] {
    std::vector<std::string> out = DevMessages(false);
    const std::vector<std::string>& oos = DevMessages(true);
    out.insert(out.end(), oos.begin(), oos.end());
    return out;
  }();
  return all;
}

void BM_ClassifyDevSet(benchmark::State& state) { Classify(state, DevSet()); }
void BM_ClassifyShort(benchmark::State& state) {
  Classify(state, {"stress?", "vit d", "what is zonulin", "advil ok?", "paleo diet", "hi"});
}
void BM_ClassifyLong(benchmark::State& state) {
  Classify(state, {"so ive had bloating for months and my doc says ibs but my friend says its "
                   "leaky gut whats the difference and should i be worried about it at all",
                   "i have been on antibiotics twice this year and now my stomach is a mess, "
                   "could that have damaged my gut lining and what can i do to fix it"});
}
void BM_ClassifyTypos(benchmark::State& state) {
  Classify(state, {"wat causes leeky gut", "glutamin dose?", "probiotcs help?", "zonulen test",
                   "intermitent fastin ok", "antibiotcs made my gut leeky"});
}
void BM_ClassifyDevSetInScope(benchmark::State& state) { Classify(state, DevMessages(false)); }
void BM_ClassifyDevSetOutOfScope(benchmark::State& state) { Classify(state, DevMessages(true)); }

// The safety screen, which every message passes before it is classified.
void BM_SafetyCheckDevSet(benchmark::State& state) {
  const intents::SafetyScreen screen(LeakyGut().kb->safety);
  TimePerMessage(state, DevSet(), [&screen](const std::string& m) { return screen.check(m); });
}
// The same with the statistical second opinion, when the base has its
// examples (the leaky-gut base ships without them for now: knowledge/README.md).
void BM_SafetyCheckWithModelDevSet(benchmark::State& state) {
  if (LeakyGut().kb->safety_examples.empty()) {
    state.SkipWithError("the base has no safety_examples.jsonl");
    return;
  }
  const intents::SafetyScreen screen(*LeakyGut().kb);
  TimePerMessage(state, DevSet(), [&screen](const std::string& m) { return screen.check(m); });
}

// Heap bytes in use, large (mmapped) blocks included.
std::size_t HeapBytes() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

std::size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// Counters: what one more loaded model holds, as heap bytes in use
// (model_heap_MB, exact) and as resident memory (model_rss_MB, which may be
// lower when the build reuses memory freed earlier in the process).
void BM_BuildModel(benchmark::State& state) {
  const auto& kb = *LeakyGut().kb;
  const std::size_t heap_before = HeapBytes();
  const std::size_t rss_before = ResidentBytes();
  const auto kept = intents::IntentModel::Build(kb);
  state.counters["model_heap_MB"] = static_cast<double>(HeapBytes() - heap_before) / 1e6;
  state.counters["model_rss_MB"] = static_cast<double>(ResidentBytes() - rss_before) / 1e6;
  for (auto _ : state) benchmark::DoNotOptimize(intents::IntentModel::Build(kb));
}

// First, so that the memory counters see no buffers of earlier benchmarks.
BENCHMARK(BM_BuildModel)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ClassifyDevSet);
BENCHMARK(BM_ClassifyShort);
BENCHMARK(BM_ClassifyLong);
BENCHMARK(BM_ClassifyTypos);
BENCHMARK(BM_ClassifyDevSetInScope);
BENCHMARK(BM_ClassifyDevSetOutOfScope);
BENCHMARK(BM_SafetyCheckDevSet);
BENCHMARK(BM_SafetyCheckWithModelDevSet);

}  // namespace
}  // namespace gutbot::bench
