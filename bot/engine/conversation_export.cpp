#include "bot/engine/conversation_export.h"

#include <limits>

#include "bot/engine/conversation_store.h"

namespace gutbot::bot {

Result<nlohmann::json> ExportConversation(ConversationStore& store, const std::string& user) {
  using nlohmann::json;
  auto state = store.load(user);
  if (!state) return state.error();
  auto turns = store.turns(user, std::numeric_limits<std::int64_t>::max());
  if (!turns) return turns.error();
  json out = {{"user", user}, {"turns", json::array()}};
  if (state.value()) out["state"] = json::parse(state.value()->state, nullptr, false);
  for (const auto& t : turns.value()) {
    out["turns"].push_back({{"seq", t.seq},
                            {"at_ms", t.at_unix_ms},
                            {"channel", t.channel},
                            {"user", t.user_text},
                            {"bot", t.bot_text},
                            {"reply", json::parse(t.reply, nullptr, false)}});
  }
  return out;
}

}  // namespace gutbot::bot
