#include "adapters/server/routes.h"

#include "adapters/server/admin_handlers.h"
#include "adapters/server/api_handlers.h"
#include "adapters/server/faq_handlers.h"
#include "adapters/server/site_handlers.h"
#include "adapters/server/webhooks.h"

namespace gutbot::adapters {

RouteTable ServerRoutes(const Channels& channels) {
  std::vector<Route> routes{
      {"GET", "/", Policy::kOpen, ServeIndexPage},
      {"GET", "/widget.js", Policy::kOpen, ServeWidgetScript},
      {"GET", "/faq", Policy::kOpen, ServeFaqPage},
      {"GET", "/faq.js", Policy::kOpen, ServeFaqScript},
      {"GET", "/admin", Policy::kOpen, ServeConsolePage},
      {"GET", "/admin.js", Policy::kOpen, ServeConsoleScript},
      {"GET", "/healthz", Policy::kProbe, AnswerHealth},
      {"GET", "/readyz", Policy::kProbe, AnswerReady},
      {"GET", "/ws", Policy::kWebSocket, nullptr},
      {"POST", "/v1/ask", Policy::kBrowserApi, Ask},
      {"POST", "/v1/chat", Policy::kBrowserApi, Chat},
      {"POST", "/v1/feedback", Policy::kBrowserApi, SaveFeedback},
      {"GET", "/v1/faq", Policy::kBrowserApi, ServeFaq},
      {"GET", "/metrics", Policy::kMetrics, ServeMetrics},
      {"POST", "/admin/reload", Policy::kAdmin, AdminReload},
      {"GET", "/admin/unanswered", Policy::kAdmin, AdminUnanswered},
      {"GET", "/admin/feedback", Policy::kAdmin, AdminFeedback},
      {"GET", "/admin/report", Policy::kAdmin, AdminReport},
      {"POST", "/admin/forget", Policy::kAdmin, AdminForget},
      {"POST", "/admin/export", Policy::kAdmin, AdminExport},
  };
  for (const auto& channel : channels) {
    routes.push_back({"POST", channel->path(), Policy::kWebhook, [channel](HttpExchange& exchange) {
                        exchange.context().webhooks->handle(exchange, *channel);
                      }});
  }
  return RouteTable(std::move(routes));
}

}  // namespace gutbot::adapters
