#include "adapters/protocol.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace gutbot::adapters {
namespace {

using nlohmann::json;

// A client message id is echoed back; bounding it keeps a client from
// making the server send back more than it was sent.
constexpr std::size_t kMaxIdBytes = 128;

bot::Error Invalid(std::string message) { return {"invalid_message", std::move(message)}; }

std::size_t CountCodePoints(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

// Replaces invalid UTF-8 instead of throwing: nothing that reaches the wire
// may take the connection down.
std::string Dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

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
  if (IsBlank(request.text)) return bot::Error{"empty_text", "The message text is empty."};
  if (CountCodePoints(request.text) > max_message_chars) {
    return bot::Error{"too_long", "The message is longer than " +
                                      std::to_string(max_message_chars) + " characters."};
  }
  return request;
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
  return Dump(frame);
}

std::string ReplyFrame(bot::Reply reply, const std::string& id) {
  if (!reply.encoded.empty() && reply.reply_to == id) return std::move(reply.encoded);
  if (!id.empty()) reply.reply_to = id;
  return bot::EncodeReply(reply);
}

std::string ChatResponse(const bot::Reply& reply, const std::string& token) {
  json response = bot::ToJson(reply);
  response["session"] = token;
  return Dump(response);
}

std::string ErrorFrame(const bot::Error& error) {
  return Dump({{"type", "error"}, {"code", error.code}, {"message", error.message}});
}

}  // namespace gutbot::adapters
