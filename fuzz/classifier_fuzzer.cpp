// The whole understanding of a message (normaliser, spelling, features,
// classifier, entities, scope) on the shipped knowledge base: any text gets a
// known intent, confidences in 0..1 and entity spans inside the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "bot/runtime.h"
#include "intents/intent_model.h"

namespace {

std::shared_ptr<const gutbot::intents::IntentModel> model;
std::shared_ptr<const gutbot::knowledge::KnowledgeBase> kb;

bool InUnitRange(double x) { return x >= 0 && x <= 1; }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto runtime = gutbot::bot::LoadRuntime(std::string(GUTBOT_SOURCE_DIR) + "/knowledge/leaky-gut");
  kb = runtime.kb;
  model = runtime.model;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto prediction = model->classify(text);
  if (prediction.intent.empty() || !InUnitRange(prediction.confidence)) std::abort();
  if (!prediction.topic.empty() && kb->find(prediction.topic) == nullptr) std::abort();
  for (const auto& alternative : prediction.alternatives) {
    if (!InUnitRange(alternative.confidence)) std::abort();
  }
  for (const auto& entity : prediction.entities) {
    if (entity.start > entity.end || entity.end > size) std::abort();
  }
  return 0;
}
