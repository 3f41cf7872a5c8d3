// The JSON that crosses the server's wire (CONTRACT.md, "The server"):
// decoding and validating what clients send (WebSocket frames, /v1 bodies)
// and encoding what the server sends. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
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
// invalid_message, unknown_type, and those of CheckMessageText.
bot::Result<Request> ParseRequest(std::string_view json, RequestKind kind,
                                  std::size_t max_message_chars);

// Why a message text may not become a turn, from any channel: invalid_utf8,
// empty_text (nothing but white space), too_long; nullopt when it may.
std::optional<bot::Error> CheckMessageText(std::string_view text, std::size_t max_message_chars);

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

// Whether an engine error is the client's to fix (too_long, empty_text,
// invalid_message, conversation_full); the others are the server's.
bool IsClientError(const bot::Error& error);

// What a client is told of an engine error: its own mistakes as they are;
// the server's by code with a generic sentence, since their messages carry
// SQLite and system text (the engine logs those).
bot::Error ClientFacingError(const bot::Error& error);

}  // namespace gutbot::adapters
