#include "adapters/http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "adapters/log.h"
#include "adapters/protocol.h"
#include "adapters/routes.h"
#include "adapters/webhooks.h"
#include "adapters/websocket_session.h"

namespace gutbot::adapters {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Errors the client can fix get 400; the rest (the store, say) are ours.
http::status StatusForEngineError(const bot::Error& error) {
  return error.code == "too_long" || error.code == "empty_text" || error.code == "invalid_message"
             ? http::status::bad_request
             : http::status::service_unavailable;
}

}  // namespace

HttpSession::HttpSession(net::ip::tcp::socket socket, std::shared_ptr<ServerContext> context)
    : stream_(std::move(socket)), context_(std::move(context)) {}

HttpSession::~HttpSession() { context_->connections.remove(this); }

void HttpSession::start() {
  if (!context_->connections.add(shared_from_this())) return;
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

void HttpSession::shutdown() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    if (self->reading_) self->stream_.cancel();
  });
}

void HttpSession::fail(boost::system::error_code ec, const char* what) { LogIoFailure(ec, what); }

void HttpSession::do_read() {
  // A fresh parser per request: its body limit applies to one request.
  parser_.emplace();
  parser_->body_limit(context_->options.http_body_limit);
  stream_.expires_after(context_->options.http_read_timeout);
  reading_ = true;
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(boost::system::error_code ec, std::size_t) {
  reading_ = false;
  if (ec) return reject(ec);
  version_ = parser_->get().version();
  keep_alive_ = parser_->get().keep_alive() && !closing_;
  handle(parser_->release());
}

void HttpSession::reject(boost::system::error_code ec) {
  if (ec == http::error::end_of_stream) return close();
  // Some failed reads still owe the client an answer saying why; the
  // connection closes after it, since the rest of the stream is unreadable.
  keep_alive_ = false;
  drain_before_close_ = true;
  if (ec == http::error::body_limit) {
    return send(error(http::status::payload_too_large, {"body_too_large", "The request body is too large."}));
  }
  if (ec == http::error::header_limit) {
    return send(error(http::status::request_header_fields_too_large,
                      {"headers_too_large", "The request headers are too large."}));
  }
  // Any other parser error (http::error::*) means the request is malformed.
  if (ec.category() == make_error_code(http::error::bad_target).category()) {
    return send(error(http::status::bad_request, {"bad_request", "The request is not valid HTTP."}));
  }
  fail(ec, "http_read_failed");
}

void HttpSession::handle(Request request) {
  const Target target = ParseTarget(request.target());
  const RouteMatch match = MatchRoute(request.method_string(), target.path,
                                      beast::websocket::is_upgrade(request));
  switch (match.route) {
    case Route::kWebSocket: {
      const auto session = target.query.find("session");
      std::make_shared<WebSocketSession>(stream_.release_socket(), context_,
                                         session == target.query.end() ? "" : session->second)
          ->start(std::move(request));
      return;
    }
    case Route::kUpgradeRequired:
      return send(error(http::status::upgrade_required,
                        {"upgrade_required", "/ws speaks WebSocket only."}));
    case Route::kIndex:
      if (context_->index_page.empty()) break;
      return send(respond(http::status::ok, context_->index_page, "text/html; charset=utf-8"));
    case Route::kWidget: {
      if (context_->widget_script.empty()) break;
      Response response = respond(http::status::ok, context_->widget_script,
                                  "application/javascript; charset=utf-8");
      // Short-lived: sites embedding the tag pick up a new version within minutes.
      response.set(http::field::cache_control, "public, max-age=300");
      return send(std::move(response));
    }
    case Route::kHealth:
      return send(respond(http::status::ok, "ok", "text/plain"));
    case Route::kReady:
      if (!context_->ready) {
        return send(error(http::status::service_unavailable, {"not_ready", "The server is not ready."}));
      }
      return send(respond(http::status::ok, "ready", "text/plain"));
    case Route::kAsk:
      return ask(request);
    case Route::kChat:
      return chat(request);
    case Route::kWebhook:
      return context_->webhooks->handle(context_, target.path, request, stream_.get_executor(),
                                        [self = shared_from_this()](WebhookResponse response) {
                                          self->send(self->respond(static_cast<http::status>(response.status),
                                                                   std::move(response.body),
                                                                   response.content_type.c_str()));
                                        });
    case Route::kMethodNotAllowed: {
      Response response = error(http::status::method_not_allowed,
                                {"method_not_allowed", "This path does not take that method."});
      response.set(http::field::allow, match.allow);
      return send(std::move(response));
    }
    case Route::kNotFound:
      break;
  }
  send(error(http::status::not_found, {"not_found", "Nothing is served at this path."}));
}

void HttpSession::ask(const Request& request) {
  auto parsed = ParseRequest(request.body(), RequestKind::kAsk, context_->options.max_message_chars);
  if (!parsed) return send(error(http::status::bad_request, parsed.error()));
  send(respond(http::status::ok, ReplyFrame(context_->engine->ask(parsed.value().text), "")));
}

void HttpSession::chat(const Request& request) {
  auto parsed = ParseRequest(request.body(), RequestKind::kChat, context_->options.max_message_chars);
  if (!parsed) return send(error(http::status::bad_request, parsed.error()));

  IssuedSession session;
  if (parsed.value().session.empty()) {
    session = context_->tokens.issue();
  } else if (auto id = context_->tokens.verify(parsed.value().session)) {
    session = {std::move(*id), std::move(parsed.value().session)};
  } else {
    return send(error(http::status::unauthorized,
                      {"invalid_session", "The session token is not valid; send none to start a new one."}));
  }

  bot::Message message{session.id, std::move(parsed.value().text), "http", ""};
  context_->engine->submit(
      std::move(message),
      OnExecutor<bot::Reply>(*context_, stream_.get_executor(), shared_from_this(),
                             [token = std::move(session.token)](HttpSession& self,
                                                                bot::Result<bot::Reply> result) {
                               if (!result) {
                                 return self.send(self.error(StatusForEngineError(result.error()),
                                                             result.error()));
                               }
                               self.send(self.respond(http::status::ok, ChatResponse(result.value(), token)));
                             }));
}

HttpSession::Response HttpSession::respond(http::status status, std::string body,
                                           const char* content_type) const {
  Response response{status, version_};
  response.set(http::field::server, "gutbot");
  response.set(http::field::content_type, content_type);
  response.keep_alive(keep_alive_);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpSession::Response HttpSession::error(http::status status, const bot::Error& error) const {
  return respond(status, ErrorFrame(error));
}

void HttpSession::send(Response response) {
  response_ = std::move(response);
  stream_.expires_after(context_->options.http_read_timeout);
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&HttpSession::on_write, shared_from_this()));
}

void HttpSession::on_write(boost::system::error_code ec, std::size_t) {
  if (ec) return fail(ec, "http_write_failed");
  const bool close_after = response_->need_eof() || closing_;
  response_.reset();
  if (close_after) return close();
  do_read();
}

void HttpSession::close() {
  boost::system::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  if (!drain_before_close_) return;
  // Closing a socket with unread input resets the connection, which can
  // destroy the error response before the client reads it (a 413 sent while
  // the client still uploads): read and drop its input for a moment first.
  stream_.expires_after(std::chrono::seconds(2));
  do_drain();
}

void HttpSession::do_drain() {
  stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](boost::system::error_code ec,
                                                                             std::size_t) {
    if (!ec) self->do_drain();
  });
}

}  // namespace gutbot::adapters
