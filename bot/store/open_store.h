// Opening the ConversationStore a program runs on, at start-up.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "bot/engine/conversation_store.h"
#include "bot/store/store_options.h"

namespace gutbot::bot {

// Opens the store `options.address` names (bot/store/store_options.h).
// Throws std::runtime_error when it cannot (start-up only).
std::unique_ptr<ConversationStore> OpenStore(const StoreOptions& options);

// The SQLite file a store address names, or nullopt for another store.
std::optional<std::filesystem::path> SqlitePath(const std::string& address);

}  // namespace gutbot::bot
