#include "adapters/protocol.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/json_text.h"
#include "bot/utf8.h"

namespace gutbot::adapters {
namespace {

using nlohmann::json;

// A client message id is echoed back; bounding it keeps a client from
// making the server send back more than it was sent.
constexpr std::size_t kMaxIdBytes = 128;

bot::Error Invalid(std::string message) { return {"invalid_message", std::move(message)}; }

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

}  // namespace

bot::Result<Request> ParseRequest(std::string_view text, RequestKind kind,
                                  std::size_t max_message_chars) {
  const json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return bot::Error{"invalid_json", "The message is not valid JSON."};
  if (!body.is_object()) return Invalid("The message must be a JSON object.");

  Request request;
  if (kind == RequestKind::kFrame) {
    const auto type = body.find("type");
    if (type == body.end() || !type->is_string()) {
      return Invalid("The message needs a \"type\" string.");
    }
    if (*type != "message") {
      return bot::Error{"unknown_type", "Unknown message type; the only type is \"message\"."};
    }
    if (const auto id = body.find("id"); id != body.end()) {
      if (!id->is_string() || id->get_ref<const std::string&>().size() > kMaxIdBytes) {
        return Invalid("\"id\" must be a string of at most 128 bytes.");
      }
      request.id = id->get<std::string>();
    }
  }
  if (kind == RequestKind::kChat) {
    if (const auto session = body.find("session"); session != body.end() && !session->is_null()) {
      if (!session->is_string()) return Invalid("\"session\" must be a string.");
      request.session = session->get<std::string>();
    }
  }

  const auto message_text = body.find("text");
  if (message_text == body.end() || !message_text->is_string()) {
    return Invalid("The message needs a \"text\" string.");
  }
  request.text = message_text->get<std::string>();
  if (auto refused = CheckMessageText(request.text, max_message_chars)) return *refused;
  return request;
}

std::optional<bot::Error> CheckMessageText(std::string_view text, std::size_t max_message_chars) {
  // A JSON body was checked by its parser; a form's text (Slack, Twilio) was not.
  if (!bot::IsValidUtf8(text)) return bot::Error{"invalid_utf8", "The message text is not valid UTF-8."};
  if (IsBlank(text)) return bot::Error{"empty_text", "The message text is empty."};
  if (bot::CountCodePoints(text) > max_message_chars) {
    return bot::Error{"too_long", "The message is longer than " + std::to_string(max_message_chars) +
                                      " characters."};
  }
  return std::nullopt;
}

std::string WelcomeFrame(const std::string& token, const std::string& text,
                         const std::vector<std::string>& suggestions,
                         const std::vector<bot::HistoryEntry>* history) {
  json frame = {{"type", "welcome"}, {"session", token}, {"text", text}, {"suggestions", suggestions}};
  if (history != nullptr) {
    json turns = json::array();
    for (const auto& entry : *history) turns.push_back({{"role", entry.role}, {"text", entry.text}});
    frame["history"] = std::move(turns);
  }
  return bot::JsonText(frame);
}

std::string ReplyFrame(bot::Reply reply, const std::string& id) {
  if (!reply.encoded.empty() && reply.reply_to == id) return std::move(reply.encoded);
  if (!id.empty()) reply.reply_to = id;
  return bot::EncodeReply(reply);
}

std::string ChatResponse(const bot::Reply& reply, const std::string& token) {
  json response = bot::ToJson(reply);
  response["session"] = token;
  return bot::JsonText(response);
}

bool IsClientError(const bot::Error& error) {
  return error.code == "too_long" || error.code == "empty_text" || error.code == "invalid_message" ||
         error.code == "conversation_full";
}

bot::Error ClientFacingError(const bot::Error& error) {
  // storage_full is the server's, but its message is written for the client.
  if (IsClientError(error) || error.code == "storage_full") return error;
  return {error.code, "The service cannot answer right now; please try again in a moment."};
}

std::string ErrorFrame(const bot::Error& error) {
  return bot::JsonText({{"type", "error"}, {"code", error.code}, {"message", error.message}});
}

}  // namespace gutbot::adapters
