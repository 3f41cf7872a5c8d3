// The engine's view of one incoming message and of its answer, whatever
// channel carried them. Plain values: copy and move freely.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "knowledge/link.h"

namespace gutbot::bot {

struct Message {
  std::string user;  // conversation key: a verified session id or platform user id
  std::string text;
  std::string channel;  // "ws", "http", "cli", "telegram", ...
  std::string id;       // the client's message id, echoed as reply_to; may be empty
  // The channel shows the disclaimer itself, beside every conversation (the
  // web widget's footer): answers need not add it once more.
  bool shows_disclaimer = false;
};

// A page a reply points to, as the knowledge base declares it.
using Link = knowledge::Link;

struct Reply {
  std::string text;
  std::string intent;  // what the message meant in its context
  std::string topic;   // the knowledge topic answered; may be empty
  double confidence = 0;
  std::vector<std::string> suggestions;
  std::vector<int> citations;
  std::vector<Link> links;  // empty unless the knowledge base's operator set their addresses
  std::string reply_to;
  // "full" (the knowledge answers it), "partial" (about the subject, but the
  // thing asked about is not in the knowledge: the nearest topic answers) or
  // "none" (not about the subject, or not understood).
  std::string coverage = "full";
  // The health concern the message raised, "" when none: emergency,
  // self_harm, see_doctor, caution, medication, dose (docs/interfaces.md).
  std::string safety;
  // For the content owner's records only, never sent: what the knowledge
  // lacked, as the visitor named it ("kombucha, bone broth", "a dose"), and
  // for coverage none the topic the message came nearest to.
  std::string missing;
  std::string nearest_topic;
  // EncodeReply(*this) as stored with the turn, so that the engine's reply
  // is serialised once; empty for a reply not stored.
  std::string encoded;
};

// The contract's reply object: {"type":"reply", "text", "intent", ...}.
nlohmann::json ToJson(const Reply& reply);
// [{"title", "url"}, ...]: a reply's links as the reply object and history carry them.
nlohmann::json ToJson(const std::vector<Link>& links);
// ToJson(reply) as text; invalid UTF-8 is replaced rather than thrown.
std::string EncodeReply(const Reply& reply);
// The Reply a ToJson object holds; nullopt when `json` is not one.
std::optional<Reply> ReplyFromJson(const nlohmann::json& json);

}  // namespace gutbot::bot
