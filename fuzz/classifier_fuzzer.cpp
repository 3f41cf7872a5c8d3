// The whole understanding of a message (normaliser, spelling, features,
// classifier, entities, scope, and the safety screen) on the shipped
// knowledge base: any text gets a known intent, confidences in 0..1, entity
// spans inside the text, and a safety category the knowledge base has a
// reply or note for.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "bot/engine/runtime.h"
#include "intents/intent_model.h"
#include "intents/safety_screen.h"

namespace {

std::shared_ptr<const gutbot::intents::IntentModel> model;
std::shared_ptr<const gutbot::knowledge::KnowledgeBase> kb;
std::unique_ptr<const gutbot::intents::SafetyScreen> screen;

bool InUnitRange(double x) { return x >= 0 && x <= 1; }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto runtime = gutbot::bot::LoadRuntime(std::string(GUTBOT_SOURCE_DIR) + "/knowledge/leaky-gut");
  kb = runtime.kb;
  model = runtime.model;
  screen = std::make_unique<const gutbot::intents::SafetyScreen>(*kb);  // rules and model
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
  const auto safety = screen->check(text);
  const bool answerable = safety.category.empty() || kb->safety.replies.count(safety.category) ||
                          (safety.category == "caution" && !safety.groups.empty());
  if (!answerable) std::abort();
  return 0;
}
