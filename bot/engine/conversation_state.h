// What the bot remembers of one conversation between turns. A plain value,
// stored as JSON by the ConversationStore; the turn log lives in the store.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace gutbot::bot {

struct ConversationState {
  std::vector<std::string> topics;   // topic ids discussed, most recent first
  std::string offer;                 // topic the bot offered and waits on; "" if none
  std::vector<std::string> clarify;  // topics of a pending "did you mean A or B?"
  int fallbacks = 0;                 // consecutive out-of-scope answers
  bool disclaimer_shown = false;
  bool detail_given = false;  // the current topic's detail was already sent
  // What the visitor reported: entity type -> values (symptom, body_system, diet...).
  std::map<std::string, std::vector<std::string>> reported;
  // At-risk groups the visitor mentioned ("child", "pregnancy"): every later
  // answer from the knowledge carries their note.
  std::vector<std::string> groups;
  // Digests of the client message ids of the latest turns, oldest first
  // (ClientIdDigest): a message sent again with one of them (a retry after
  // a lost connection) is answered with the reply it already got instead of
  // a second turn. A digest only says where to look: the stored reply's full
  // id decides, so two ids sharing a digest cost a lookup, not a wrong reply.
  // Stored as one string of 8 hex digits each.
  std::vector<std::uint32_t> client_id_digests;

  // The current topic, or "" at the start of a conversation.
  const std::string& current() const;
  // Moves `topic` to the front of the discussed topics.
  void discussed(const std::string& topic);
  // Whether a message with client id `id` was already answered.
  bool answered(const std::string& id) const;
  // Records that the message with client id `id` was answered ("" is none).
  void remember_client_id(const std::string& id);
};

// 32 bits (8 hex digits stored) standing for a client message id in the
// state: the widget's ids are 32 hex digits, and the state is stored again
// on every turn.
std::uint32_t ClientIdDigest(const std::string& id);

std::string Serialize(const ConversationState& state);
// A missing or unreadable state gives a fresh conversation rather than an
// error: the turn log stays intact either way.
ConversationState ParseState(const std::string& text);

}  // namespace gutbot::bot
