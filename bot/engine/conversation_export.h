// A user's whole conversation as one JSON document: what `gutbot export` and
// the admin API hand out when a user asks for their data.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "bot/common/result.h"

namespace gutbot::bot {

class ConversationStore;

// {"user", "state" (when there is one), "turns": [{"seq","at_ms","channel",
// "user","bot","reply"}]}, oldest turn first.
Result<nlohmann::json> ExportConversation(ConversationStore& store, const std::string& user);

}  // namespace gutbot::bot
