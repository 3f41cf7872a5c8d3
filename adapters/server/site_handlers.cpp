#include "adapters/server/site_handlers.h"

namespace gutbot::adapters {

namespace http = boost::beast::http;

namespace {

using Status = HttpExchange::Status;

// A 200 for a file of the demo page or the console, with its security
// headers; a 404 when the file was missing at start. `frame_ancestors`: who
// may show it in a frame.
void SendPageFile(HttpExchange& exchange, const std::string& body, const char* content_type,
                  const char* cache_control, const std::string& frame_ancestors) {
  if (body.empty()) {
    return exchange.send_error(Status::not_found,
                               {bot::ErrorCode::kNotFound, "Nothing is served at this path."});
  }
  HttpExchange::Response response = exchange.response(Status::ok, body, content_type);
  AddPageHeaders(response, frame_ancestors);
  if (cache_control != nullptr) response.set(http::field::cache_control, cache_control);
  exchange.send(std::move(response));
}

// The console's files: never framed (a framing page could trick the owner
// into clicking reload), never cached (they sit in front of the admin token).
void SendConsoleFile(HttpExchange& exchange, const std::string& body, const char* content_type) {
  SendPageFile(exchange, body, content_type, "no-store", "'none'");
}

}  // namespace

void AddPageHeaders(HttpExchange::Response& response, const std::string& frame_ancestors) {
  // The pages load their own script and styles and talk to their own server
  // only.
  response.set("Content-Security-Policy",
               "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src "
               "'self' data:; "
               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors " +
                   frame_ancestors);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
}

void ServeIndexPage(HttpExchange& exchange) {
  // Other sites may frame the demo page only where the operator says.
  SendPageFile(exchange, exchange.context().index_page, "text/html; charset=utf-8", nullptr,
               exchange.context().options.frame_ancestors);
}

void ServeWidgetScript(HttpExchange& exchange) {
  // Short-lived: sites embedding the tag pick up a new version within minutes.
  SendPageFile(exchange, exchange.context().widget_script, "application/javascript; charset=utf-8",
               "public, max-age=300", exchange.context().options.frame_ancestors);
}

void ServeConsolePage(HttpExchange& exchange) {
  SendConsoleFile(exchange, exchange.context().admin_page, "text/html; charset=utf-8");
}

void ServeConsoleScript(HttpExchange& exchange) {
  SendConsoleFile(exchange, exchange.context().admin_script,
                  "application/javascript; charset=utf-8");
}

void AnswerHealth(HttpExchange& exchange) {
  exchange.send(exchange.response(Status::ok, "ok", "text/plain"));
}

void AnswerReady(HttpExchange& exchange) {
  ServerContext& context = exchange.context();
  if (!context.ready) {
    return exchange.send_error(Status::service_unavailable,
                               {bot::ErrorCode::kNotReady, "The server is not ready."});
  }
  context.engine->check_store(
      exchange.later<bot::Status>([](HttpExchange& self, bot::Status store) {
        if (!store) {
          return self.send_error(
              Status::service_unavailable,
              {bot::ErrorCode::kStoreUnavailable, "The conversation store does not answer."});
        }
        self.send(self.response(Status::ok, "ready", "text/plain"));
      }));
}

void ServeMetrics(HttpExchange& exchange) {
  exchange.send(exchange.response(Status::ok, exchange.context().engine->metrics().render(),
                                  "text/plain; version=0.0.4; charset=utf-8"));
}

}  // namespace gutbot::adapters
