#include "adapters/server/routes.h"

#include <array>

namespace gutbot::adapters {
namespace {

struct Entry {
  std::string_view path;
  std::string_view method;
  Route route;
};

constexpr std::array kRoutes{
    Entry{"/", "GET", Route::kIndex},
    Entry{"/widget.js", "GET", Route::kWidget},
    Entry{"/healthz", "GET", Route::kHealth},
    Entry{"/readyz", "GET", Route::kReady},
    Entry{"/ws", "GET", Route::kWebSocket},
    Entry{"/v1/ask", "POST", Route::kAsk},
    Entry{"/v1/chat", "POST", Route::kChat},
    Entry{"/v1/feedback", "POST", Route::kFeedback},
    Entry{"/v1/faq", "GET", Route::kFaq},
    Entry{"/metrics", "GET", Route::kMetrics},
    Entry{"/admin/reload", "POST", Route::kAdminReload},
    Entry{"/admin/unanswered", "GET", Route::kAdminUnanswered},
    Entry{"/admin/feedback", "GET", Route::kAdminFeedback},
    Entry{"/admin/forget", "POST", Route::kAdminForget},
    Entry{"/admin/export", "POST", Route::kAdminExport},
    Entry{"/webhooks/rest/webhook", "POST", Route::kWebhook},
    Entry{"/webhooks/telegram/webhook", "POST", Route::kWebhook},
    Entry{"/webhooks/slack/webhook", "POST", Route::kWebhook},
    Entry{"/webhooks/twilio/webhook", "POST", Route::kWebhook},
};

}  // namespace

RouteMatch MatchRoute(std::string_view method, std::string_view path, bool websocket_upgrade) {
  for (const Entry& entry : kRoutes) {
    if (entry.path != path) continue;
    if (entry.method != method) {
      // Browsers ask before a cross-origin POST with a JSON body.
      if (method == "OPTIONS" && path.starts_with("/v1/")) return {Route::kPreflight, entry.method};
      return {Route::kMethodNotAllowed, entry.method};
    }
    if (entry.route == Route::kWebSocket && !websocket_upgrade) {
      return {Route::kUpgradeRequired, entry.method};
    }
    return {entry.route, entry.method};
  }
  return {};
}

}  // namespace gutbot::adapters
