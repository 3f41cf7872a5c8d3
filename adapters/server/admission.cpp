#include "adapters/server/admission.h"

#include <boost/asio/ip/address.hpp>

#include "adapters/server/origin_policy.h"
#include "bot/common/digest.h"

namespace gutbot::adapters {

namespace http = boost::beast::http;

namespace {

using Status = HttpExchange::Status;

// "Bearer <token>" naming `expected`, compared in constant time.
bool BearerMatches(std::string_view authorization, const std::string& expected) {
  constexpr std::string_view kScheme = "Bearer ";
  if (!authorization.starts_with(kScheme)) return false;
  return bot::SecretEquals(authorization.substr(kScheme.size()), expected);
}

// Answers 429 with Retry-After.
void RefuseRateLimited(HttpExchange& exchange) {
  exchange.context().rejected("rate_limited");
  HttpExchange::Response response = exchange.error(
      Status::too_many_requests,
      {bot::ErrorCode::kRateLimited, "Too many requests; wait a moment before sending more."});
  response.set(http::field::retry_after, "1");
  exchange.send(std::move(response));
}

// Whether the request carries "Bearer <token>"; answers 401 with
// `message`, counted as `reason`, when not.
bool AdmitBearer(HttpExchange& exchange, const std::string& token, const std::string& reason,
                 std::string message) {
  if (BearerMatches(exchange.request()[http::field::authorization], token)) return true;
  exchange.context().rejected(reason);
  HttpExchange::Response response =
      exchange.error(Status::unauthorized, {bot::ErrorCode::kUnauthorized, std::move(message)});
  response.set(http::field::www_authenticate, "Bearer");
  exchange.send(std::move(response));
  return false;
}

bool AdmitBrowserApi(HttpExchange& exchange) {
  if (!OriginAllowedFor(exchange)) {
    exchange.context().rejected("origin_not_allowed");
    exchange.send_error(Status::forbidden, {bot::ErrorCode::kOriginNotAllowed,
                                            "Pages from this origin may not call this API."});
    return false;
  }
  exchange.allow_origin(exchange.request()[http::field::origin]);
  if (!exchange.context().limits->allow_request(exchange.client())) {
    RefuseRateLimited(exchange);
    return false;
  }
  return true;
}

bool AdmitAdmin(HttpExchange& exchange) {
  const std::string& token = exchange.context().options.admin_token;
  if (token.empty()) {
    exchange.send_error(Status::forbidden, {bot::ErrorCode::kAdminDisabled,
                                            "The admin API is off: no admin_token is configured."});
    return false;
  }
  return AdmitBearer(exchange, token, "admin_unauthorized", "The admin token is missing or wrong.");
}

// With server.metrics_token, its bearer; without, a loopback peer that is
// no proxy.
bool AdmitMetrics(HttpExchange& exchange) {
  ServerContext& context = exchange.context();
  const std::string& token = context.options.metrics_token;
  if (!token.empty()) {
    return AdmitBearer(exchange, token, "metrics_unauthorized",
                       "The metrics token is missing or wrong.");
  }
  // Without a token, only a scraper on this machine, talking to the server
  // directly (no proxy in between), may read the counters.
  boost::system::error_code ec;
  const auto peer = boost::asio::ip::make_address(exchange.peer(), ec);
  const bool local = !ec && peer.is_loopback() && !context.limits->trusted_proxy(exchange.peer()) &&
                     exchange.request().find("X-Forwarded-For") == exchange.request().end();
  if (local) return true;
  context.rejected("metrics_forbidden");
  exchange.send_error(
      Status::forbidden,
      {bot::ErrorCode::kMetricsForbidden,
       "/metrics answers local scrapers only, or those with server.metrics_token."});
  return false;
}

bool AdmitWebhook(HttpExchange& exchange) {
  if (exchange.context().limits->allow_webhook(exchange.client())) return true;
  RefuseRateLimited(exchange);
  return false;
}

}  // namespace

bool Admit(HttpExchange& exchange, Policy policy) {
  switch (policy) {
    case Policy::kBrowserApi:
      return AdmitBrowserApi(exchange);
    case Policy::kAdmin:
      return AdmitAdmin(exchange);
    case Policy::kMetrics:
      return AdmitMetrics(exchange);
    case Policy::kWebhook:
      return AdmitWebhook(exchange);
    case Policy::kOpen:
    case Policy::kProbe:
    case Policy::kWebSocket:
      break;
  }
  return true;
}

void AnswerPreflight(HttpExchange& exchange) {
  if (!AdmitBrowserApi(exchange)) return;
  HttpExchange::Response response = exchange.response(Status::no_content, "", "text/plain");
  response.set(http::field::access_control_allow_methods, kCorsMethods);
  response.set(http::field::access_control_allow_headers, kCorsHeaders);
  response.set(http::field::access_control_max_age, kCorsMaxAge);
  exchange.send(std::move(response));
}

bool OriginAllowedFor(const HttpExchange& exchange) {
  const HttpExchange::Request& request = exchange.request();
  // Behind a TLS-terminating proxy the browser's scheme is the proxy's to
  // say: the first of a list, which the outermost proxy wrote.
  const std::string_view protos = request["X-Forwarded-Proto"];
  const std::string_view forwarded = protos.substr(0, protos.find(','));
  const bool proxied =
      !forwarded.empty() && exchange.context().limits->trusted_proxy(exchange.peer());
  return OriginAllowed(request[http::field::origin], proxied ? forwarded : "http",
                       request[http::field::host], exchange.context().options.allowed_origins);
}

}  // namespace gutbot::adapters
