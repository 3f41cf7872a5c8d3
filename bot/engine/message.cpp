#include "bot/engine/message.h"

#include <nlohmann/json.hpp>

#include "bot/common/json_writer.h"

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
      {"coverage", reply.coverage},
  };
  if (!reply.links.empty()) j["links"] = ToJson(reply.links);
  if (!reply.reply_to.empty()) j["reply_to"] = reply.reply_to;
  if (!reply.safety.empty()) j["safety"] = reply.safety;
  return j;
}

nlohmann::json ToJson(const std::vector<Link>& links) {
  nlohmann::json out = nlohmann::json::array();
  for (const Link& link : links) out.push_back({{"title", link.title}, {"url", link.url}});
  return out;
}

// Written on every turn, hence by hand (bot/common/json_writer.h): ToJson's object,
// keys in the order nlohmann::json sorts them.
std::string EncodeReply(const Reply& reply) {
  JsonWriter w;
  w.begin_object();
  w.key("citations").array(reply.citations);
  w.key("confidence").value(reply.confidence);
  w.key("coverage").value(reply.coverage);
  w.key("intent").value(reply.intent);
  if (!reply.links.empty()) {
    w.key("links").begin_array();
    for (const Link& link : reply.links) {
      w.begin_object().key("title").value(link.title).key("url").value(link.url).end_object();
    }
    w.end_array();
  }
  if (!reply.reply_to.empty()) w.key("reply_to").value(reply.reply_to);
  if (!reply.safety.empty()) w.key("safety").value(reply.safety);
  w.key("suggestions").array(reply.suggestions);
  w.key("text").value(reply.text);
  w.key("topic").value(reply.topic);
  w.key("type").value("reply");
  w.end_object();
  return w.take();
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
    for (const auto& link : j.value("links", nlohmann::json::array())) {
      r.links.push_back({link.at("title").get<std::string>(), link.at("url").get<std::string>()});
    }
    r.reply_to = j.value("reply_to", "");
    r.coverage = j.value("coverage", "full");
    r.safety = j.value("safety", "");
    return r;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace gutbot::bot
