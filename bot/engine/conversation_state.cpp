#include "bot/engine/conversation_state.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/common/hex.h"
#include "bot/common/json_writer.h"
#include "intents/hashing.h"

namespace gutbot::bot {
namespace {
constexpr std::size_t kTopicsRemembered = 12;
// Enough for a widget's offline queue; each costs 8 bytes in every stored
// state.
constexpr std::size_t kClientIdsRemembered = 32;
constexpr std::size_t kDigestLength = 8;  // hex digits

std::string HexDigests(const std::vector<std::uint32_t>& digests) {
  std::string hex;
  hex.reserve(digests.size() * kDigestLength);
  for (const std::uint32_t digest : digests) AppendHex(digest, kDigestLength, hex);
  return hex;
}

// The digests of a stored state: one string of 8 hex digits each, or (as
// written before) an array of such strings. Anything unreadable is skipped.
void ParseDigests(const nlohmann::json& stored, std::vector<std::uint32_t>& out) {
  const auto add = [&out](std::string_view hex) {
    std::uint32_t digest = 0;
    const auto [end, error] = std::from_chars(hex.data(), hex.data() + hex.size(), digest, 16);
    if (error == std::errc() && end == hex.data() + hex.size()) out.push_back(digest);
  };
  if (stored.is_string()) {
    const auto& hex = stored.get_ref<const std::string&>();
    for (std::size_t at = 0; at + kDigestLength <= hex.size(); at += kDigestLength) {
      add(std::string_view(hex).substr(at, kDigestLength));
    }
  } else if (stored.is_array()) {
    for (const auto& digest : stored) {
      if (digest.is_string()) add(digest.get_ref<const std::string&>());
    }
  }
}

}  // namespace

std::uint32_t ClientIdDigest(const std::string& id) {
  return static_cast<std::uint32_t>(intents::HashString(id));
}

const std::string& ConversationState::current() const {
  static const std::string kNone;
  return topics.empty() ? kNone : topics.front();
}

void ConversationState::discussed(const std::string& topic) {
  if (!topics.empty() && topics.front() == topic) return;
  std::erase(topics, topic);
  topics.insert(topics.begin(), topic);
  if (topics.size() > kTopicsRemembered) topics.resize(kTopicsRemembered);
  detail_given = false;
}

bool ConversationState::answered(const std::string& id) const {
  return !id.empty() && std::find(client_id_digests.begin(), client_id_digests.end(),
                                  ClientIdDigest(id)) != client_id_digests.end();
}

void ConversationState::remember_client_id(const std::string& id) {
  if (id.empty()) return;
  client_id_digests.push_back(ClientIdDigest(id));
  if (client_id_digests.size() > kClientIdsRemembered)
    client_id_digests.erase(client_id_digests.begin());
}

// Written on every turn, hence by hand (bot/common/json_writer.h); keys in the
// order nlohmann::json sorts them.
std::string Serialize(const ConversationState& s) {
  JsonWriter w;
  w.begin_object();
  w.key("clarify").array(s.clarify);
  w.key("client_id_digests").value(HexDigests(s.client_id_digests));
  w.key("detail_given").value(s.detail_given);
  w.key("disclaimer_shown").value(s.disclaimer_shown);
  w.key("fallbacks").value(s.fallbacks);
  w.key("groups").array(s.groups);
  w.key("offer").value(s.offer);
  w.key("reported").begin_object();
  for (const auto& [type, values] : s.reported) w.key(type).array(values);
  w.end_object();
  w.key("topics").array(s.topics);
  w.end_object();
  return w.take();
}

ConversationState ParseState(const std::string& text) {
  ConversationState s;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return s;
  try {
    s.topics = j.value("topics", s.topics);
    s.offer = j.value("offer", s.offer);
    s.clarify = j.value("clarify", s.clarify);
    s.fallbacks = j.value("fallbacks", s.fallbacks);
    s.disclaimer_shown = j.value("disclaimer_shown", s.disclaimer_shown);
    s.detail_given = j.value("detail_given", s.detail_given);
    s.reported = j.value("reported", s.reported);
    s.groups = j.value("groups", s.groups);
    // States written before digests hold the ids themselves.
    for (const std::string& id : j.value("client_ids", std::vector<std::string>{})) {
      s.client_id_digests.push_back(ClientIdDigest(id));
    }
    if (const auto digests = j.find("client_id_digests"); digests != j.end())
      ParseDigests(*digests, s.client_id_digests);
  } catch (const nlohmann::json::exception&) {
    return ConversationState{};
  }
  return s;
}

}  // namespace gutbot::bot
