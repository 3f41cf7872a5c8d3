// A value or an error, for the domain layers (the engine, the stores): errors
// are ordinary results here, exceptions are kept for start-up.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace gutbot::bot {

// Every kind of error the program reports. Each has a wire name (ErrorName):
// the "code" of JSON error frames and HTTP error bodies, which clients rely on.
enum class ErrorCode {
  // The engine and the stores.
  kStoreUnavailable,      // "store_unavailable": the store failed or does not answer
  kConflict,              // "conflict": the conversation changed meanwhile
  kStorageFull,           // "storage_full"
  kConversationFull,      // "conversation_full"
  kUnknownId,             // "unknown_id": no answer to a message with that id
  kInvalidKnowledgeBase,  // "invalid_knowledge_base"
  // A client's message or request.
  kInvalidJson,        // "invalid_json"
  kInvalidMessage,     // "invalid_message"
  kUnknownType,        // "unknown_type"
  kInvalidUtf8,        // "invalid_utf8"
  kEmptyText,          // "empty_text"
  kTooLong,            // "too_long"
  kInvalidRating,      // "invalid_rating"
  kCommentTooLong,     // "comment_too_long"
  kUnsupportedFrame,   // "unsupported_frame"
  kResumeTooLate,      // "resume_too_late"
  kInvalidRequest,     // "invalid_request"
  kInvalidSession,     // "invalid_session"
  kSessionExpired,     // "session_expired"
  kBadRequest,         // "bad_request": not valid HTTP
  kRequestTimeout,     // "request_timeout"
  kBodyTooLarge,       // "body_too_large"
  kHeadersTooLarge,    // "headers_too_large"
  kUpgradeRequired,    // "upgrade_required"
  kMethodNotAllowed,   // "method_not_allowed"
  kNotFound,           // "not_found"
  kOriginNotAllowed,   // "origin_not_allowed"
  kMetricsForbidden,   // "metrics_forbidden"
  kAdminDisabled,      // "admin_disabled"
  kNotReady,           // "not_ready"
  kReloadUnavailable,  // "reload_unavailable"
  // Limits.
  kServerFull,            // "server_full"
  kTooManyConnections,    // "too_many_connections"
  kTooManyConversations,  // "too_many_conversations"
  kRateLimited,           // "rate_limited"
  // Webhooks.
  kUnauthorized,     // "unauthorized"
  kInvalidPayload,   // "invalid_payload"
  kStaleRequest,     // "stale_request"
  kChannelDisabled,  // "channel_disabled"
};

// The code's wire name: "store_unavailable", "too_long", ...
std::string_view ErrorName(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;  // a human sentence

  // Another instance committed to the conversation first: answer the turn again.
  bool IsConflict() const { return code == ErrorCode::kConflict; }
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Success or an Error, for calls that return no value: `return {};` is success.
class Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace gutbot::bot
