#include "adapters/routes.h"

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

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (plus_is_space && text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

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

Target ParseTarget(std::string_view target) {
  Target result;
  const auto question = target.find('?');
  result.path = PercentDecode(target.substr(0, question), false);
  if (question == std::string_view::npos) return result;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (!pair.empty()) {
      result.query.emplace(PercentDecode(pair.substr(0, eq), true),
                           eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return result;
}

}  // namespace gutbot::adapters
