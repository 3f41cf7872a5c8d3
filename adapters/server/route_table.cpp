#include "adapters/server/route_table.h"

#include <utility>

namespace gutbot::adapters {

RouteTable::RouteTable(std::vector<Route> routes) : routes_(std::move(routes)) {}

RouteMatch RouteTable::match(std::string_view method, std::string_view path,
                             bool websocket_upgrade) const {
  using Outcome = RouteMatch::Outcome;
  for (const Route& route : routes_) {
    if (route.path != path) continue;
    if (route.method != method) {
      // Browsers ask before a cross-origin POST with a JSON body.
      const bool preflight = method == "OPTIONS" && route.policy == Policy::kBrowserApi;
      return {preflight ? Outcome::kPreflight : Outcome::kMethodNotAllowed, &route, route.method};
    }
    if (route.policy == Policy::kWebSocket && !websocket_upgrade) {
      return {Outcome::kUpgradeRequired, &route, route.method};
    }
    return {Outcome::kFound, &route, route.method};
  }
  return {};
}

}  // namespace gutbot::adapters
