// The JSON that crosses the server's wire (CONTRACT.md, "The server"):
// decoding and validating what clients send (WebSocket frames, /v1 bodies)
// and encoding what the server sends. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bot/engine.h"
#include "bot/message.h"
#include "bot/result.h"

namespace gutbot::adapters {

enum class RequestKind {
  kFrame,  // a /ws frame: {"type":"message","text","id"?}
  kAsk,    // a POST /v1/ask body: {"text"}
  kChat,   // a POST /v1/chat body: {"session"?, "text"}
};

struct Request {
  std::string text;
  std::string id;       // the client's message id (frames only); may be empty
  std::string session;  // the session token (chat only); may be empty
};

// Decodes and validates one request. Error codes: invalid_json,
// invalid_message, unknown_type, empty_text, too_long.
bot::Result<Request> ParseRequest(std::string_view json, RequestKind kind,
                                  std::size_t max_message_chars);

// {"type":"welcome","session","text","suggestions"}, plus "history" when
// `history` is given (a resumed session).
std::string WelcomeFrame(const std::string& token, const std::string& text,
                         const std::vector<std::string>& suggestions,
                         const std::vector<bot::HistoryEntry>* history);

// The reply object, answering the client message `id` when it is not empty.
std::string ReplyFrame(bot::Reply reply, const std::string& id);

// The reply object plus "session": the /v1/chat response.
std::string ChatResponse(const bot::Reply& reply, const std::string& token);

// {"type":"error","code","message"}.
std::string ErrorFrame(const bot::Error& error);

}  // namespace gutbot::adapters
