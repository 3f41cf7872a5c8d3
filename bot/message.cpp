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

std::string EncodeReply(const Reply& reply) {
  return ToJson(reply).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Reply> ReplyFromJson(const nlohmann::json& j) {
  if (!j.is_object() || j.value("type", "") != "reply") return std::nullopt;
  try {
    Reply r;
    r.text = j.at("text").get<std::string>();
    r.intent = j.value("intent", "");
    r.topic = j.value("topic", "");
    r.confidence = j.value("confidence", 0.0);
    r.suggestions = j.value("suggestions", std::vector<std::string>{});
    r.citations = j.value("citations", std::vector<int>{});
    r.reply_to = j.value("reply_to", "");
    return r;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace gutbot::bot
