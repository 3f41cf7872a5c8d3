// Finds and loads what every command needs: the knowledge base, its intent
// model, and the default paths. Start-up code: throws on failure with a
// message meant for the operator.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "knowledge/loader.h"

namespace gutbot::intents {
class IntentModel;
}

namespace gutbot::bot {

// The loader options of the engine: its conversation intents, 12 examples a topic.
knowledge::LoadOptions ContractLoadOptions();

// `relative` under the working directory when it exists there, else under the
// source tree the binary was built from.
std::filesystem::path FindDefault(const std::filesystem::path& relative);

struct Runtime {
  std::shared_ptr<const knowledge::KnowledgeBase> kb;
  std::shared_ptr<const intents::IntentModel> model;
};

// Loads and checks the knowledge base in `dir` and builds its model; throws
// std::runtime_error listing every problem when the base is broken.
Runtime LoadRuntime(const std::filesystem::path& dir);

}  // namespace gutbot::bot
