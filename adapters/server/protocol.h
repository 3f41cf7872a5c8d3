// The JSON that crosses the server's wire (docs/interfaces.md, "The server"):
// decoding and validating what clients send (WebSocket frames, /v1 bodies)
// and encoding what the server sends. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/common/result.h"
#include "bot/engine/engine.h"
#include "bot/engine/message.h"
#include "bot/engine/rating.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::adapters {

enum class RequestKind {
  kAsk,   // a POST /v1/ask body: {"text"}
  kChat,  // a POST /v1/chat body: {"session"?, "text"}
};

struct Request {
  std::string text;
  std::string id;       // the client's message id (/ws frames only); may be empty
  std::string session;  // the session token (chat only); may be empty
};

// Decodes and validates one /v1 request. Error codes: invalid_json,
// invalid_message, and those of CheckMessageText.
bot::Result<Request> ParseRequest(std::string_view json, RequestKind kind,
                                  std::size_t max_message_chars);

// Why a message text may not become a turn, from any channel: invalid_utf8,
// empty_text (nothing but white space), too_long; nullopt when it may.
std::optional<bot::Error> CheckMessageText(std::string_view text, std::size_t max_message_chars);

// A visitor's rating of one answer: the /ws feedback frame
// {"type":"feedback","id","rating","comment"?} or the POST /v1/feedback
// body {"session","id","rating","comment"?}.
struct Feedback {
  std::string session;  // POST /v1/feedback only
  std::string id;       // the client id of the message the answer replied to
  std::string rating;   // "up" or "down"
  std::string comment;  // may be empty
};

// Decodes and validates a POST /v1/feedback body. Error codes: invalid_json,
// invalid_message, invalid_rating, comment_too_long.
bot::Result<Feedback> ParseFeedback(std::string_view json, std::size_t max_comment_chars);

enum class FrameType { kMessage, kResume, kFeedback };

// One /ws frame: a message, a resume {"type":"resume","session"} or a
// feedback; only the member of its type is filled in.
struct Frame {
  FrameType type = FrameType::kMessage;
  Request message;
  std::string session;  // the token to resume
  Feedback feedback;
};

// Decodes and validates one /ws frame: ParseRequest's and ParseFeedback's
// error codes, and unknown_type.
bot::Result<Frame> ParseFrame(std::string_view json, std::size_t max_message_chars,
                              std::size_t max_comment_chars);

// {"type":"welcome","session","text","suggestions","source"} ("source": the
// article's "title", "author" and "reviewer", whose reference numbers the
// citations are), plus "history" when
// `history` is given (a resumed session): each entry {"role","text","at"},
// "id" when its message had one, a bot entry also "citations",
// "suggestions", "coverage", "safety" and "links" as its reply had them, and
// "rating" once the visitor rated it.
std::string WelcomeFrame(const std::string& token, const std::string& text,
                         const std::vector<std::string>& suggestions,
                         const knowledge::Source& source,
                         const std::vector<bot::HistoryEntry>* history);

// The reply object, answering the client message `id` when it is not empty.
std::string ReplyFrame(bot::Reply reply, const std::string& id);

// The reply object plus "session": the /v1/chat response.
std::string ChatResponse(const bot::Reply& reply, const std::string& token);

// {"type":"feedback_saved","id"}.
std::string FeedbackSavedFrame(const std::string& id);

// {"ratings":[{"user","seq","channel","question","answer","rating","comment","at"}]}:
// the GET /admin/feedback report.
std::string RatingsReport(const std::vector<bot::RatingRecord>& ratings);

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
