// The server's route table: which handler serves a method and target. The
// one place where the HTTP paths are registered. Pure functions; thread-safe.
#pragma once

#include <string_view>

namespace gutbot::adapters {

enum class Route {
  kWebSocket,        // GET /ws with an upgrade
  kUpgradeRequired,  // GET /ws without one
  kIndex,            // GET /
  kWidget,           // GET /widget.js
  kHealth,           // GET /healthz
  kReady,            // GET /readyz
  kAsk,              // POST /v1/ask
  kChat,             // POST /v1/chat
  kFeedback,         // POST /v1/feedback
  kFaq,              // GET /v1/faq
  kPreflight,        // OPTIONS /v1/* (CORS)
  kMetrics,          // GET /metrics
  kAdminReload,      // POST /admin/reload
  kAdminUnanswered,  // GET /admin/unanswered
  kAdminFeedback,    // GET /admin/feedback
  kAdminForget,      // POST /admin/forget
  kAdminExport,      // POST /admin/export
  kWebhook,          // POST /webhooks/<channel>/webhook
  kNotFound,
  kMethodNotAllowed,
};

struct RouteMatch {
  Route route = Route::kNotFound;
  std::string_view allow;  // the path's methods, for a 405's Allow header
};

RouteMatch MatchRoute(std::string_view method, std::string_view path, bool websocket_upgrade);

}  // namespace gutbot::adapters
