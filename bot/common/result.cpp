#include "bot/common/result.h"

namespace gutbot::bot {

std::string_view ErrorName(ErrorCode code) {
  // One line a code; the switch has no default, so the compiler names any
  // code left without its wire name.
  // clang-format off
  switch (code) {
    case ErrorCode::kStoreUnavailable: return "store_unavailable";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kStorageFull: return "storage_full";
    case ErrorCode::kConversationFull: return "conversation_full";
    case ErrorCode::kUnknownId: return "unknown_id";
    case ErrorCode::kInvalidKnowledgeBase: return "invalid_knowledge_base";
    case ErrorCode::kInvalidJson: return "invalid_json";
    case ErrorCode::kInvalidMessage: return "invalid_message";
    case ErrorCode::kUnknownType: return "unknown_type";
    case ErrorCode::kInvalidUtf8: return "invalid_utf8";
    case ErrorCode::kEmptyText: return "empty_text";
    case ErrorCode::kTooLong: return "too_long";
    case ErrorCode::kInvalidRating: return "invalid_rating";
    case ErrorCode::kCommentTooLong: return "comment_too_long";
    case ErrorCode::kUnsupportedFrame: return "unsupported_frame";
    case ErrorCode::kResumeTooLate: return "resume_too_late";
    case ErrorCode::kInvalidRequest: return "invalid_request";
    case ErrorCode::kInvalidSession: return "invalid_session";
    case ErrorCode::kSessionExpired: return "session_expired";
    case ErrorCode::kBadRequest: return "bad_request";
    case ErrorCode::kRequestTimeout: return "request_timeout";
    case ErrorCode::kBodyTooLarge: return "body_too_large";
    case ErrorCode::kHeadersTooLarge: return "headers_too_large";
    case ErrorCode::kUpgradeRequired: return "upgrade_required";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kOriginNotAllowed: return "origin_not_allowed";
    case ErrorCode::kMetricsForbidden: return "metrics_forbidden";
    case ErrorCode::kAdminDisabled: return "admin_disabled";
    case ErrorCode::kNotReady: return "not_ready";
    case ErrorCode::kReloadUnavailable: return "reload_unavailable";
    case ErrorCode::kServerFull: return "server_full";
    case ErrorCode::kTooManyConnections: return "too_many_connections";
    case ErrorCode::kTooManyConversations: return "too_many_conversations";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kInvalidPayload: return "invalid_payload";
    case ErrorCode::kStaleRequest: return "stale_request";
    case ErrorCode::kChannelDisabled: return "channel_disabled";
  }
  // clang-format on
  return "unknown";  // not reached: the switch names every code
}

}  // namespace gutbot::bot
