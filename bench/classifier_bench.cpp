// Classification cost per message, by kind of message, and the cost of
// building the model from the knowledge base.
#include <benchmark/benchmark.h>

#include "bench/bench_data.h"
#include "intents/intent_model.h"

namespace gutbot::bench {
namespace {

void Classify(benchmark::State& state, const std::vector<std::string>& messages) {
  const auto& model = *LeakyGut().model;
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model.classify(messages[i++ % messages.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}

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

void BM_BuildModel(benchmark::State& state) {
  const auto& kb = *LeakyGut().kb;
  for (auto _ : state) benchmark::DoNotOptimize(intents::IntentModel::Build(kb));
}

BENCHMARK(BM_ClassifyShort);
BENCHMARK(BM_ClassifyLong);
BENCHMARK(BM_ClassifyTypos);
BENCHMARK(BM_ClassifyDevSetInScope);
BENCHMARK(BM_ClassifyDevSetOutOfScope);
BENCHMARK(BM_BuildModel)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gutbot::bench
