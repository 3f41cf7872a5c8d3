#include "adapters/channels/telegram_channel.h"

#include <nlohmann/json.hpp>

#include "adapters/channels/signatures.h"
#include "bot/common/json_text.h"

namespace gutbot::adapters {
namespace {

using nlohmann::json;

// Telegram's longest message text.
constexpr std::size_t kMaxTextChars = 4096;

// An update that needs no answer; 200 tells Telegram not to send it again.
Inbound Ignored() { return {}; }

// "/start@gutbot_bot payload" -> "start".
std::string_view CommandName(std::string_view text) {
  text.remove_prefix(1);
  return text.substr(0, text.find_first_of(" @"));
}

}  // namespace

TelegramChannel::TelegramChannel(TelegramOptions options) : options_(std::move(options)) {}

std::optional<bot::Error> TelegramChannel::authenticate(const WebhookRequest& request,
                                                        std::int64_t) const {
  if (SecretEquals(request.header("x-telegram-bot-api-secret-token"), options_.secret_token))
    return std::nullopt;
  return bot::Error{bot::ErrorCode::kUnauthorized, "The secret token is missing or wrong."};
}

bot::Result<Inbound> TelegramChannel::decode(const WebhookRequest& request) const {
  const json update = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (update.is_discarded() || !update.is_object() || !update.contains("update_id") ||
      !update["update_id"].is_number_integer()) {
    return bot::Error{bot::ErrorCode::kInvalidPayload,
                      "The body must be a Telegram Update with an integer update_id."};
  }
  const json* message = update.contains("message") ? &update["message"] : nullptr;
  if (message == nullptr || !message->is_object() || !message->contains("text") ||
      !(*message)["text"].is_string()) {
    return Ignored();
  }
  const auto chat = message->find("chat");
  if (chat == message->end() || !chat->is_object() || !chat->contains("id") ||
      !(*chat)["id"].is_number_integer()) {
    return bot::Error{bot::ErrorCode::kInvalidPayload, "The message has no integer chat.id."};
  }
  std::string text = (*message)["text"].get<std::string>();
  Inbound inbound;
  inbound.reply_to = std::to_string((*chat)["id"].get<std::int64_t>());
  inbound.delivery_id = std::to_string(update["update_id"].get<std::int64_t>());
  if (text.starts_with('/')) {
    const std::string_view command = CommandName(text);
    if (command == "start") {
      inbound.kind = Inbound::Kind::kWelcome;
      return inbound;
    }
    text = std::string(command);
  }
  inbound.kind = Inbound::Kind::kTurn;
  inbound.message = {"telegram:" + inbound.reply_to, std::move(text), "telegram", ""};
  return inbound;
}

WebhookResponse TelegramChannel::encode(const bot::Reply& reply, const Inbound& inbound) const {
  json keyboard = json::array();
  for (const std::string& suggestion : reply.suggestions)
    keyboard.push_back(json::array({{{"text", suggestion}}}));
  json markup = reply.suggestions.empty() ? json{{"remove_keyboard", true}}
                                          : json{{"keyboard", std::move(keyboard)},
                                                 {"resize_keyboard", true},
                                                 {"one_time_keyboard", true}};
  const json call = {{"method", "sendMessage"},
                     {"chat_id", std::stoll(inbound.reply_to)},
                     {"text", WithLinks(ShortenText(reply.text, kMaxTextChars), reply.links)},
                     {"reply_markup", std::move(markup)}};
  return {200, "application/json", bot::JsonText(call)};
}

}  // namespace gutbot::adapters
