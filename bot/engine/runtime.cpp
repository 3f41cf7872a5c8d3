#include "bot/engine/runtime.h"

#include <stdexcept>

#include "intents/intent_ids.h"
#include "intents/intent_model.h"

namespace gutbot::bot {

knowledge::LoadOptions ContractLoadOptions() {
  knowledge::LoadOptions options;
  for (auto id : intents::kConversationIntents) options.conversation_intents.emplace(id);
  return options;
}

std::filesystem::path FindDefault(const std::filesystem::path& relative) {
  if (std::filesystem::exists(relative)) return relative;
  return std::filesystem::path(GUTBOT_SOURCE_DIR) / relative;
}

Runtime LoadRuntime(const std::filesystem::path& dir) {
  auto loaded = knowledge::LoadKnowledgeBase(dir, ContractLoadOptions());
  if (!loaded.kb) {
    std::string message = "the knowledge base in " + dir.string() + " is broken:";
    for (const auto& p : loaded.problems) message += "\n  " + knowledge::ToString(p);
    throw std::runtime_error(message);
  }
  Runtime rt;
  rt.kb = loaded.kb;
  rt.model = intents::IntentModel::Build(*rt.kb);
  return rt;
}

}  // namespace gutbot::bot
