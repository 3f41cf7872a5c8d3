#include "adapters/channels/slack_channel.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "bot/common/digest.h"
#include "bot/common/hex.h"
#include "bot/common/json_text.h"
#include "bot/common/url_encoding.h"

namespace gutbot::adapters {
namespace {

using nlohmann::json;

bot::Error Invalid(std::string message) {
  return {bot::ErrorCode::kInvalidPayload, std::move(message)};
}

std::string StringField(const json& object, const char* name) {
  const auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// "<@U0LAN0Z89> what is zonulin?" -> "what is zonulin?"
std::string WithoutMentions(std::string text) {
  for (auto start = text.find("<@"); start != std::string::npos; start = text.find("<@", start)) {
    const auto end = text.find('>', start);
    if (end == std::string::npos) break;
    text.erase(start, end + 1 - start);
  }
  const auto first = text.find_first_not_of(' ');
  return first == std::string::npos ? std::string() : text.substr(first);
}

// One id of a conversation key, with ':' (the separator) and '%' escaped,
// so that no two (team, user) pairs share a key. Slack's ids hold neither,
// so the keys stored before the escaping stay what they were.
std::string KeyPart(std::string_view id) {
  std::string out;
  for (const char c : id) {
    if (c == '%')
      out += "%25";
    else if (c == ':')
      out += "%3A";
    else
      out += c;
  }
  return out;
}

std::string ConversationKey(std::string_view team, std::string_view user) {
  return "slack:" + KeyPart(team) + ":" + KeyPart(user);
}

bot::Result<Inbound> DecodeSlashCommand(std::string_view body) {
  const auto form = bot::ParseForm(body);
  // Slack checks a slash command's certificate with such a request.
  if (bot::FormValue(form, "ssl_check") == "1") return Inbound{};
  const std::string team = bot::FormValue(form, "team_id");
  const std::string user = bot::FormValue(form, "user_id");
  if (team.empty() || user.empty()) return Invalid("A slash command needs team_id and user_id.");
  Inbound inbound;
  inbound.reply_to = bot::FormValue(form, "channel_id");
  std::string text = bot::FormValue(form, "text");
  if (text.find_first_not_of(' ') == std::string::npos) {
    inbound.kind = Inbound::Kind::kWelcome;
    return inbound;
  }
  inbound.kind = Inbound::Kind::kTurn;
  // A slash command replayed within its signature's five minutes carries the
  // same trigger_id: the ledger answers it once.
  inbound.delivery_id = bot::FormValue(form, "trigger_id");
  inbound.message = {ConversationKey(team, user), std::move(text), "slack", ""};
  return inbound;
}

bot::Result<Inbound> DecodeEvent(const json& envelope) {
  const auto event = envelope.find("event");
  const std::string event_id = StringField(envelope, "event_id");
  const std::string team = StringField(envelope, "team_id");
  if (event == envelope.end() || !event->is_object() || event_id.empty() || team.empty()) {
    return Invalid("An event_callback needs event, event_id and team_id.");
  }
  Inbound inbound;  // an empty 200, unless a turn
  const std::string type = StringField(*event, "type");
  const bool direct_message = type == "message" && StringField(*event, "channel_type") == "im";
  const bool from_a_person = !event->contains("bot_id") && !event->contains("subtype");
  const std::string user = StringField(*event, "user");
  std::string text = WithoutMentions(StringField(*event, "text"));
  if (!(direct_message || type == "app_mention") || !from_a_person || user.empty() ||
      text.empty()) {
    return inbound;
  }
  inbound.kind = Inbound::Kind::kTurn;
  inbound.reply_by_api = true;
  inbound.delivery_id = event_id;
  inbound.reply_to = StringField(*event, "channel");
  if (inbound.reply_to.empty()) return Invalid("The event has no channel.");
  inbound.message = {ConversationKey(team, user), std::move(text), "slack", ""};
  return inbound;
}

std::string TextWithSuggestions(const bot::Reply& reply) {
  const std::string line = SuggestionLine(reply.suggestions);
  const std::string text = WithLinks(reply.text, reply.links);
  return line.empty() ? text : text + "\n\n" + line;
}

}  // namespace

std::string SlackSignature(std::string_view signing_secret, std::string_view timestamp,
                           std::string_view body) {
  std::string base = "v0:";
  base += timestamp;
  base += ':';
  base += body;
  return "v0=" + bot::HexEncode(bot::Hmac(bot::HmacDigest::kSha256, signing_secret, base));
}

SlackChannel::SlackChannel(SlackOptions options) : options_(std::move(options)) {}

std::optional<bot::Error> SlackChannel::authenticate(const WebhookRequest& request,
                                                     std::int64_t now) const {
  const std::string_view timestamp = request.header("x-slack-request-timestamp");
  std::int64_t sent = 0;
  const auto [end, ec] =
      std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), sent);
  if (timestamp.empty() || ec != std::errc() || end != timestamp.data() + timestamp.size()) {
    return bot::Error{bot::ErrorCode::kUnauthorized,
                      "X-Slack-Request-Timestamp is missing or not a number."};
  }
  if (sent < now - kSlackSignatureWindowSeconds || sent > now + kSlackSignatureWindowSeconds) {
    return bot::Error{bot::ErrorCode::kStaleRequest,
                      "The request's timestamp is more than five minutes away."};
  }
  if (!bot::SecretEquals(request.header("x-slack-signature"),
                         SlackSignature(options_.signing_secret, timestamp, request.body))) {
    return bot::Error{bot::ErrorCode::kUnauthorized,
                      "X-Slack-Signature does not match the request."};
  }
  return std::nullopt;
}

bot::Result<Inbound> SlackChannel::decode(const WebhookRequest& request) const {
  if (request.header("content-type").starts_with("application/x-www-form-urlencoded")) {
    return DecodeSlashCommand(request.body);
  }
  const json envelope = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (envelope.is_discarded() || !envelope.is_object())
    return Invalid("The body is neither a form nor JSON.");
  const std::string type = StringField(envelope, "type");
  if (type == "url_verification") {
    Inbound inbound;
    inbound.response = {200, "application/json",
                        bot::JsonText({{"challenge", StringField(envelope, "challenge")}})};
    return inbound;
  }
  if (type == "event_callback") return DecodeEvent(envelope);
  return Inbound{};  // app_rate_limited and any later envelope type: an empty 200
}

WebhookResponse SlackChannel::encode(const bot::Reply& reply, const Inbound& inbound) const {
  if (inbound.reply_by_api) {
    return {200, "application/json; charset=utf-8",
            bot::JsonText({{"channel", inbound.reply_to}, {"text", TextWithSuggestions(reply)}})};
  }
  return {200, "application/json",
          bot::JsonText({{"response_type", "ephemeral"}, {"text", TextWithSuggestions(reply)}})};
}

std::optional<std::string> SlackChannel::api_ca_file() const {
  if (options_.bot_token.empty()) return std::nullopt;
  return options_.ca_file;
}

std::optional<ApiCall> SlackChannel::reply_call(const bot::Reply& reply,
                                                const Inbound& inbound) const {
  if (options_.bot_token.empty()) return std::nullopt;
  WebhookResponse encoded = encode(reply, inbound);
  return ApiCall{options_.api_base_url + "/chat.postMessage",
                 {{"Content-Type", std::move(encoded.content_type)},
                  {"Authorization", "Bearer " + options_.bot_token}},
                 std::move(encoded.body)};
}

bool SlackChannel::api_call_succeeded(unsigned status, std::string_view body) const {
  const auto answer = json::parse(body, nullptr, false);
  const auto ok = answer.is_object() ? answer.find("ok") : answer.end();
  return status == 200 && ok != answer.end() && *ok == true;
}

}  // namespace gutbot::adapters
