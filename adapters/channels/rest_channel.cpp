#include "adapters/channels/rest_channel.h"

#include <nlohmann/json.hpp>

#include "adapters/channels/signatures.h"
#include "bot/common/json_text.h"

namespace gutbot::adapters {
namespace {

using nlohmann::json;

// Bounds the user key a client may choose.
constexpr std::size_t kMaxSenderBytes = 256;

bot::Error Invalid(std::string message) {
  return {bot::ErrorCode::kInvalidPayload, std::move(message)};
}

}  // namespace

RestChannel::RestChannel(RestOptions options) : options_(std::move(options)) {}

std::optional<bot::Error> RestChannel::authenticate(const WebhookRequest& request,
                                                    std::int64_t) const {
  constexpr std::string_view kBearer = "Bearer ";
  std::string_view key = request.header("x-api-key");
  if (const std::string_view authorization = request.header("authorization");
      key.empty() && authorization.substr(0, kBearer.size()) == kBearer) {
    key = authorization.substr(kBearer.size());
  }
  if (!key.empty() && SecretEquals(key, options_.api_key)) return std::nullopt;
  return bot::Error{bot::ErrorCode::kUnauthorized,
                    "Send the API key as \"Authorization: Bearer KEY\" or \"X-Api-Key\"."};
}

bot::Result<Inbound> RestChannel::decode(const WebhookRequest& request) const {
  const json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return Invalid("The body must be a JSON object.");
  const auto sender = body.find("sender");
  const auto message = body.find("message");
  if (sender == body.end() || !sender->is_string() ||
      sender->get_ref<const std::string&>().empty() ||
      sender->get_ref<const std::string&>().size() > kMaxSenderBytes) {
    return Invalid("\"sender\" must be a string of 1 to 256 bytes.");
  }
  if (message == body.end() || !message->is_string())
    return Invalid("\"message\" must be a string.");
  Inbound inbound;
  inbound.kind = Inbound::Kind::kTurn;
  inbound.reply_to = sender->get<std::string>();
  inbound.message = {"rest:" + inbound.reply_to, message->get<std::string>(), "rest", ""};
  return inbound;
}

WebhookResponse RestChannel::encode(const bot::Reply& reply, const Inbound& inbound) const {
  json message = {{"recipient_id", inbound.reply_to}, {"text", reply.text}};
  if (!reply.suggestions.empty()) {
    json buttons = json::array();
    for (const std::string& suggestion : reply.suggestions) {
      buttons.push_back({{"title", suggestion}, {"payload", suggestion}});
    }
    message["buttons"] = std::move(buttons);
  }
  return {200, "application/json", bot::JsonText(json::array({std::move(message)}))};
}

}  // namespace gutbot::adapters
