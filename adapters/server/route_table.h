// The server's route table: which handler answers a method and path, and
// what the connection checks before it runs (the route's policy). The
// server's routes are listed in one place, routes.h. Built once at start,
// read-only afterwards: thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gutbot::adapters {

class HttpExchange;

// What the connection checks before a route's handler runs (admission.h).
enum class Policy {
  kOpen,        // nothing: the demo page
  kProbe,       // nothing, and served even in the probes' places of a full server
  kBrowserApi,  // the page's Origin, the request rate; answers carry CORS headers and
                // OPTIONS is the CORS preflight
  kAdmin,       // "Authorization: Bearer <server.admin_token>"
  kMetrics,     // "Bearer <server.metrics_token>", or without one a local scraper
  kWebhook,     // the webhook request rate; the channel authenticates the request
  kWebSocket,   // an upgrade to the widget protocol, which the connection hands on
};

// Answers the exchange's request, at once or later (http_exchange.h).
using Handler = std::function<void(HttpExchange&)>;

struct Route {
  std::string method;  // "GET", "POST"
  std::string path;    // exact, without the query
  Policy policy = Policy::kOpen;
  Handler handler;  // null for kWebSocket: the connection itself upgrades
};

struct RouteMatch {
  enum class Outcome {
    kFound,             // `route` answers
    kNotFound,          // no route has the path
    kMethodNotAllowed,  // `allow` names the path's method
    kUpgradeRequired,   // a kWebSocket route asked without an upgrade
    kPreflight,         // OPTIONS on a kBrowserApi route
  };
  Outcome outcome = Outcome::kNotFound;
  const Route* route = nullptr;  // the path's route, unless kNotFound
  std::string_view allow;        // the path's method, for a 405's Allow header
};

class RouteTable {
 public:
  // One route per path.
  explicit RouteTable(std::vector<Route> routes);

  RouteMatch match(std::string_view method, std::string_view path, bool websocket_upgrade) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace gutbot::adapters
