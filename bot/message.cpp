#include "bot/message.h"

#include <nlohmann/json.hpp>

namespace gutbot::bot {

nlohmann::json ToJson(const Reply& reply) {
  nlohmann::json j = {
      {"type", "reply"},
      {"text", reply.text},
      {"intent", reply.intent},
      {"topic", reply.topic},
      {"confidence", reply.confidence},
      {"suggestions", reply.suggestions},
      {"citations", reply.citations},
  };
  if (!reply.reply_to.empty()) j["reply_to"] = reply.reply_to;
  return j;
}

}  // namespace gutbot::bot
