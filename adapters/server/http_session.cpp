#include "adapters/server/http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "adapters/server/io_failure_log.h"
#include "adapters/server/origin_policy.h"
#include "adapters/server/protocol.h"
#include "adapters/server/routes.h"
#include "adapters/server/webhooks.h"
#include "adapters/server/websocket_session.h"
#include "bot/common/digest.h"
#include "bot/common/json_text.h"

namespace gutbot::adapters {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Largest `limit` an admin report takes.
constexpr std::size_t kMaxReportEntries = 1000;

// Errors the client can fix get 400 (404 for an answer that is not there);
// the rest (the store, say) are ours.
http::status StatusForEngineError(const bot::Error& error) {
  if (error.code == bot::ErrorCode::kUnknownId) return http::status::not_found;
  return IsClientError(error) ? http::status::bad_request : http::status::service_unavailable;
}

// The `limit` query parameter of an admin report: 100 when absent, at most
// kMaxReportEntries.
std::size_t ReportLimit(const bot::Target& target) {
  const auto it = target.query.find("limit");
  if (it == target.query.end()) return 100;
  return std::min<std::size_t>(std::strtoul(it->second.c_str(), nullptr, 10), kMaxReportEntries);
}

// "Bearer <token>" naming `expected`, compared in constant time.
bool BearerMatches(std::string_view authorization, const std::string& expected) {
  constexpr std::string_view kScheme = "Bearer ";
  if (!authorization.starts_with(kScheme)) return false;
  return bot::SecretEquals(authorization.substr(kScheme.size()), expected);
}

}  // namespace

HttpSession::HttpSession(net::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
                         std::string peer, bool health_only, ClientLimits::Lease lease)
    : stream_(std::move(socket)),
      context_(std::move(context)),
      peer_(std::move(peer)),
      health_only_(health_only),
      lease_(std::move(lease)),
      read_deadline_(stream_.get_executor()) {}

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

void HttpSession::fail(boost::system::error_code ec, const char* what) {
  LogIoFailure(context_->log_summary, ec, what);
}

void HttpSession::do_read() {
  // A fresh parser per request: its body limit applies to one request.
  parser_.emplace();
  parser_->body_limit(context_->options.http_body_limit);
  // The stream's own timeout closes the socket, leaving no way to say 408;
  // the read deadline cancels the read first, the stream's is a backstop.
  // A probe's place is held briefly, so that slow clients cannot keep it.
  const std::chrono::seconds timeout =
      health_only_ ? context_->options.health_read_timeout : context_->options.http_read_timeout;
  read_deadline_.expires_after(timeout);
  read_deadline_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec || !self->reading_) return;
    self->read_timed_out_ = true;
    self->stream_.cancel();
  });
  stream_.expires_after(timeout + std::chrono::seconds(5));
  reading_ = true;
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(boost::system::error_code ec, std::size_t) {
  reading_ = false;
  read_deadline_.cancel();
  if (read_timed_out_) ec = beast::error::timeout;
  if (ec) return reject(ec);
  version_ = parser_->get().version();
  keep_alive_ = parser_->get().keep_alive() && !closing_ && !health_only_;
  handle(parser_->release());
}

void HttpSession::reject(boost::system::error_code ec) {
  if (ec == http::error::end_of_stream) return close();
  // An idle connection (kept alive, or holding a probe's place) just closes,
  // at once: it has no unread input to drain.
  if (ec == beast::error::timeout && !parser_->got_some()) return close();
  // Some failed reads still owe the client an answer saying why; the
  // connection closes after it, since the rest of the stream is unreadable.
  keep_alive_ = false;
  drain_before_close_ = true;
  if (ec == beast::error::timeout) {
    // A client that started a request and stalled (slowloris) is told so.
    context_->rejected("request_timeout");
    return send(error(http::status::request_timeout,
                      {bot::ErrorCode::kRequestTimeout, "The request took too long to arrive."}));
  }
  if (ec == http::error::body_limit) {
    context_->rejected("body_too_large");
    return send(error(http::status::payload_too_large,
                      {bot::ErrorCode::kBodyTooLarge, "The request body is too large."}));
  }
  if (ec == http::error::header_limit) {
    return send(error(http::status::request_header_fields_too_large,
                      {bot::ErrorCode::kHeadersTooLarge, "The request headers are too large."}));
  }
  // Any other parser error (http::error::*) means the request is malformed.
  if (ec.category() == make_error_code(http::error::bad_target).category()) {
    return send(error(http::status::bad_request,
                      {bot::ErrorCode::kBadRequest, "The request is not valid HTTP."}));
  }
  fail(ec, "http_read_failed");
}

void HttpSession::handle(Request request) {
  const bot::Target target = bot::ParseTarget(request.target());
  const RouteMatch match =
      MatchRoute(request.method_string(), target.path, beast::websocket::is_upgrade(request));
  client_ = ClientAddress(peer_, request["X-Forwarded-For"], *context_->limits);
  cors_origin_.clear();
  if (health_only_ && match.route != Route::kHealth && match.route != Route::kReady) {
    context_->rejected("server_full");
    return send(error(http::status::service_unavailable,
                      {bot::ErrorCode::kServerFull,
                       "The server has no room for more connections; try again soon."}));
  }
  switch (match.route) {
    case Route::kWebSocket: {
      if (!admit_websocket(request)) return;
      const auto session = target.query.find("session");
      std::make_shared<WebSocketSession>(stream_.release_socket(), context_,
                                         session == target.query.end() ? "" : session->second,
                                         std::move(lease_), client_)
          ->start(std::move(request), beast::buffers_to_string(buffer_.data()));
      return;
    }
    case Route::kUpgradeRequired:
      return send(error(http::status::upgrade_required,
                        {bot::ErrorCode::kUpgradeRequired, "/ws speaks WebSocket only."}));
    case Route::kIndex:
      if (context_->index_page.empty()) break;
      return send(static_file(context_->index_page, "text/html; charset=utf-8"));
    case Route::kWidget: {
      if (context_->widget_script.empty()) break;
      Response response =
          static_file(context_->widget_script, "application/javascript; charset=utf-8");
      // Short-lived: sites embedding the tag pick up a new version within minutes.
      response.set(http::field::cache_control, "public, max-age=300");
      return send(std::move(response));
    }
    case Route::kHealth:
      return send(respond(http::status::ok, "ok", "text/plain"));
    case Route::kReady:
      return ready();
    case Route::kMetrics:
      if (!authorized_metrics(request)) return;
      return send(respond(http::status::ok, context_->engine->metrics().render(),
                          "text/plain; version=0.0.4; charset=utf-8"));
    case Route::kPreflight: {
      if (!admit_api_request(request)) return;
      Response response = respond(http::status::no_content, "", "text/plain");
      response.set(http::field::access_control_allow_methods, kCorsMethods);
      response.set(http::field::access_control_allow_headers, kCorsHeaders);
      response.set(http::field::access_control_max_age, kCorsMaxAge);
      return send(std::move(response));
    }
    case Route::kAsk:
      if (!admit_api_request(request)) return;
      return ask(request);
    case Route::kChat:
      if (!admit_api_request(request)) return;
      return chat(request);
    case Route::kFeedback:
      if (!admit_api_request(request)) return;
      return feedback(request);
    case Route::kFaq:
      if (!admit_api_request(request)) return;
      return faq(request);
    case Route::kAdminReload:
      if (!authorized_admin(request)) return;
      return admin_reload();
    case Route::kAdminUnanswered:
      if (!authorized_admin(request)) return;
      return admin_unanswered(target);
    case Route::kAdminFeedback:
      if (!authorized_admin(request)) return;
      return admin_feedback(target);
    case Route::kAdminForget:
    case Route::kAdminExport:
      if (!authorized_admin(request)) return;
      return admin_user(request, match.route);
    case Route::kWebhook:
      if (!context_->limits->allow_webhook(client_)) return refuse_rate_limited();
      return context_->webhooks->handle(
          context_, target.path, request, stream_.get_executor(),
          [self = shared_from_this()](WebhookResponse response) {
            self->send(self->respond(static_cast<http::status>(response.status),
                                     std::move(response.body), response.content_type.c_str()));
          });
    case Route::kMethodNotAllowed: {
      Response response =
          error(http::status::method_not_allowed,
                {bot::ErrorCode::kMethodNotAllowed, "This path does not take that method."});
      response.set(http::field::allow, match.allow);
      return send(std::move(response));
    }
    case Route::kNotFound:
      break;
  }
  send(error(http::status::not_found,
             {bot::ErrorCode::kNotFound, "Nothing is served at this path."}));
}

bool HttpSession::admit_websocket(const Request& request) {
  if (!origin_allowed(request)) {
    context_->rejected("origin_not_allowed");
    send(error(http::status::forbidden, {bot::ErrorCode::kOriginNotAllowed,
                                         "Pages from this origin may not open the chat."}));
    return false;
  }
  // A proxy's connection was counted in the total only: the WebSocket it
  // holds open is counted against the client it names.
  if (!context_->limits->trusted_proxy(peer_)) return true;
  ClientLimits::Lease client_lease = context_->limits->admit_forwarded(client_);
  if (!client_lease) {
    context_->rejected("too_many_connections");
    send(error(http::status::too_many_requests,
               {bot::ErrorCode::kTooManyConnections, "Too many connections from your address."}));
    return false;
  }
  lease_ = std::make_shared<std::pair<ClientLimits::Lease, ClientLimits::Lease>>(
      std::move(lease_), std::move(client_lease));
  return true;
}

bool HttpSession::origin_allowed(const Request& request) const {
  // Behind a TLS-terminating proxy the browser's scheme is the proxy's to
  // say: the first of a list, which the outermost proxy wrote.
  const std::string_view protos = request["X-Forwarded-Proto"];
  const std::string_view forwarded = protos.substr(0, protos.find(','));
  const bool proxied = !forwarded.empty() && context_->limits->trusted_proxy(peer_);
  return OriginAllowed(request[http::field::origin], proxied ? forwarded : "http",
                       request[http::field::host], context_->options.allowed_origins);
}

bool HttpSession::admit_api_request(const Request& request) {
  const std::string_view origin = request[http::field::origin];
  if (!origin_allowed(request)) {
    context_->rejected("origin_not_allowed");
    send(error(http::status::forbidden, {bot::ErrorCode::kOriginNotAllowed,
                                         "Pages from this origin may not call this API."}));
    return false;
  }
  cors_origin_ = origin;
  if (!context_->limits->allow_request(client_)) {
    refuse_rate_limited();
    return false;
  }
  return true;
}

void HttpSession::refuse_rate_limited() {
  context_->rejected("rate_limited");
  Response response = error(
      http::status::too_many_requests,
      {bot::ErrorCode::kRateLimited, "Too many requests; wait a moment before sending more."});
  response.set(http::field::retry_after, "1");
  send(std::move(response));
}

bool HttpSession::authorized_metrics(const Request& request) {
  const std::string& token = context_->options.metrics_token;
  if (!token.empty()) {
    return bearer_matches(request, token, "metrics_unauthorized",
                          "The metrics token is missing or wrong.");
  }
  // Without a token, only a scraper on this machine, talking to the server
  // directly (no proxy in between), may read the counters.
  boost::system::error_code ec;
  const auto peer = net::ip::make_address(peer_, ec);
  const bool local = !ec && peer.is_loopback() && !context_->limits->trusted_proxy(peer_) &&
                     request.find("X-Forwarded-For") == request.end();
  if (local) return true;
  context_->rejected("metrics_forbidden");
  send(error(http::status::forbidden,
             {bot::ErrorCode::kMetricsForbidden,
              "/metrics answers local scrapers only, or those with server.metrics_token."}));
  return false;
}

bool HttpSession::authorized_admin(const Request& request) {
  const std::string& token = context_->options.admin_token;
  if (token.empty()) {
    send(error(http::status::forbidden, {bot::ErrorCode::kAdminDisabled,
                                         "The admin API is off: no admin_token is configured."}));
    return false;
  }
  return bearer_matches(request, token, "admin_unauthorized",
                        "The admin token is missing or wrong.");
}

bool HttpSession::bearer_matches(const Request& request, const std::string& token,
                                 const std::string& reason, std::string message) {
  if (BearerMatches(request[http::field::authorization], token)) return true;
  context_->rejected(reason);
  Response response =
      error(http::status::unauthorized, {bot::ErrorCode::kUnauthorized, std::move(message)});
  response.set(http::field::www_authenticate, "Bearer");
  send(std::move(response));
  return false;
}

void HttpSession::ready() {
  if (!context_->ready) {
    return send(error(http::status::service_unavailable,
                      {bot::ErrorCode::kNotReady, "The server is not ready."}));
  }
  context_->engine->check_store(OnExecutor<bot::Status>(
      *context_, stream_.get_executor(), shared_from_this(),
      [](HttpSession& self, bot::Status store) {
        if (!store) {
          return self.send(self.error(
              http::status::service_unavailable,
              {bot::ErrorCode::kStoreUnavailable, "The conversation store does not answer."}));
        }
        self.send(self.respond(http::status::ok, "ready", "text/plain"));
      }));
}

void HttpSession::faq(const Request& request) {
  const auto document = context_->faq.get(context_->engine->knowledge_base());
  const bool unchanged = request[http::field::if_none_match] == document->etag;
  Response response = unchanged ? respond(http::status::not_modified, "", "application/json")
                                : respond(http::status::ok, document->body);
  response.set(http::field::etag, document->etag);
  response.set(http::field::cache_control, "public, max-age=300");
  send(std::move(response));
}

void HttpSession::admin_reload() {
  if (!context_->reloader) {
    return send(error(http::status::not_implemented,
                      {bot::ErrorCode::kReloadUnavailable, "This server cannot reload."}));
  }
  context_->reloader->reload(OnExecutor<bot::Result<nlohmann::json>>(
      *context_, stream_.get_executor(), shared_from_this(),
      [](HttpSession& self, bot::Result<nlohmann::json> result) {
        LogReload(*self.context_, result);
        // A broken base is the request's failure, not the server's: it keeps serving.
        self.send_json_result(result, http::status::unprocessable_entity);
      }));
}

void HttpSession::admin_unanswered(const bot::Target& target) {
  nlohmann::json questions = nlohmann::json::array();
  for (const bot::UnansweredQuestion& q : context_->engine->unanswered(ReportLimit(target))) {
    questions.push_back({{"text", q.text}, {"count", q.count}, {"last_ms", q.last_unix_ms}});
  }
  send(respond(http::status::ok, bot::JsonText({{"questions", std::move(questions)}})));
}

void HttpSession::admin_feedback(const bot::Target& target) {
  context_->engine->ratings(
      ReportLimit(target),
      OnExecutor<bot::Result<std::vector<bot::RatingRecord>>>(
          *context_, stream_.get_executor(), shared_from_this(),
          [](HttpSession& self, bot::Result<std::vector<bot::RatingRecord>> ratings) {
            if (!ratings)
              return self.send(self.error(http::status::service_unavailable, ratings.error()));
            self.send(self.respond(http::status::ok, RatingsReport(ratings.value())));
          }));
}

void HttpSession::admin_user(const Request& request, Route route) {
  // {"user": "<conversation key>"} or {"session": "<a visitor's token>"}.
  const auto body = nlohmann::json::parse(request.body(), nullptr, false);
  std::string user;
  if (body.is_object() && body.contains("user") && body["user"].is_string()) {
    user = body["user"].get<std::string>();
  } else if (body.is_object() && body.contains("session") && body["session"].is_string()) {
    user = context_->tokens.verify(body["session"].get<std::string>()).value_or("");
    if (user.empty())
      return send(error(http::status::bad_request,
                        {bot::ErrorCode::kInvalidSession, "The session token is not valid."}));
  }
  if (user.empty()) {
    return send(error(
        http::status::bad_request,
        {bot::ErrorCode::kInvalidRequest, "Send {\"user\": \"...\"} or {\"session\": \"...\"}."}));
  }
  auto answer = [](HttpSession& self, bot::Result<nlohmann::json> result) {
    self.send_json_result(result, http::status::service_unavailable);
  };
  if (route == Route::kAdminExport) {
    return context_->engine->export_conversation(
        user, OnExecutor<bot::Result<nlohmann::json>>(*context_, stream_.get_executor(),
                                                      shared_from_this(), answer));
  }
  context_->engine->forget(
      user, OnExecutor<bot::Result<bool>>(
                *context_, stream_.get_executor(), shared_from_this(),
                [user, answer](HttpSession& self, bot::Result<bool> forgotten) {
                  if (!forgotten) return answer(self, forgotten.error());
                  answer(self, nlohmann::json{{"user", user}, {"forgotten", forgotten.value()}});
                }));
}

void HttpSession::send_json_result(const bot::Result<nlohmann::json>& result,
                                   http::status failure) {
  if (!result) {
    return send(error(failure, failure == http::status::service_unavailable
                                   ? ClientFacingError(result.error())
                                   : result.error()));
  }
  send(respond(http::status::ok, bot::JsonText(result.value())));
}

void HttpSession::ask(const Request& request) {
  auto parsed =
      ParseRequest(request.body(), RequestKind::kAsk, context_->options.max_message_chars);
  if (!parsed) return send(error(http::status::bad_request, parsed.error()));
  send(respond(http::status::ok, ReplyFrame(context_->engine->ask(parsed.value().text), "")));
}

void HttpSession::chat(const Request& request) {
  auto parsed =
      ParseRequest(request.body(), RequestKind::kChat, context_->options.max_message_chars);
  if (!parsed) return send(error(http::status::bad_request, parsed.error()));

  IssuedSession session;
  if (parsed.value().session.empty()) {
    if (!context_->limits->allow_new_conversation(client_)) {
      context_->rejected("too_many_conversations");
      return send(error(http::status::too_many_requests,
                        {bot::ErrorCode::kTooManyConversations,
                         "Too many new conversations from your address; try again later."}));
    }
    session = context_->tokens.issue();
  } else if (auto checked = session_check(parsed.value().session)) {
    session = context_->tokens.refresh(std::move(*checked));
  } else {
    return;
  }

  bot::Message message{session.id, std::move(parsed.value().text), "http", ""};
  context_->engine->submit(
      std::move(message),
      OnExecutor<bot::Result<bot::Reply>>(
          *context_, stream_.get_executor(), shared_from_this(),
          [token = std::move(session.token)](HttpSession& self, bot::Result<bot::Reply> result) {
            if (!result) {
              return self.send(self.error(StatusForEngineError(result.error()),
                                          ClientFacingError(result.error())));
            }
            self.send(self.respond(http::status::ok, ChatResponse(result.value(), token)));
          }));
}

std::optional<TokenCheck> HttpSession::session_check(const std::string& token) {
  TokenCheck checked = context_->tokens.check(token);
  if (checked.status == TokenStatus::kValid) return checked;
  const bool expired = checked.status == TokenStatus::kExpired;
  context_->rejected(expired ? "session_expired" : "invalid_session");
  send(error(http::status::unauthorized,
             expired
                 ? bot::Error{bot::ErrorCode::kSessionExpired,
                              "The session has expired; send none to start a new one."}
                 : bot::Error{bot::ErrorCode::kInvalidSession,
                              "The session token is not valid; send none to start a new one."}));
  return std::nullopt;
}

void HttpSession::feedback(const Request& request) {
  auto parsed = ParseFeedback(request.body(), context_->options.max_comment_chars);
  if (!parsed) return send(error(http::status::bad_request, parsed.error()));
  auto checked = session_check(parsed.value().session);
  if (!checked) return;
  Feedback& feedback = parsed.value();
  context_->engine->rate(bot::RatingWrite{std::move(checked->id), feedback.id,
                                          std::move(feedback.rating), std::move(feedback.comment)},
                         OnExecutor<bot::Result<bool>>(
                             *context_, stream_.get_executor(), shared_from_this(),
                             [id = feedback.id](HttpSession& self, bot::Result<bool> saved) {
                               if (!saved)
                                 return self.send(self.error(StatusForEngineError(saved.error()),
                                                             ClientFacingError(saved.error())));
                               self.send(self.respond(http::status::ok, FeedbackSavedFrame(id)));
                             }));
}

HttpSession::Response HttpSession::respond(http::status status, std::string body,
                                           const char* content_type) const {
  Response response{status, version_};
  response.set(http::field::server, "gutbot");
  response.set(http::field::content_type, content_type);
  response.keep_alive(keep_alive_);
  if (!cors_origin_.empty()) {
    response.set(http::field::access_control_allow_origin, cors_origin_);
    response.set(http::field::vary, "Origin");
  }
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpSession::Response HttpSession::static_file(std::string body, const char* content_type) const {
  Response response = respond(http::status::ok, std::move(body), content_type);
  // The demo page loads its own script and styles and talks to its own
  // server only; other sites may frame it only where the operator says.
  response.set("Content-Security-Policy",
               "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src "
               "'self' data:; "
               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors " +
                   context_->options.frame_ancestors);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
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
  // The place is given back before the client sees the end of the stream,
  // so a client that reconnects at once finds it free; a draining
  // connection keeps it while it still holds the socket.
  if (!drain_before_close_) lease_.reset();
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
  stream_.async_read_some(buffer_.prepare(4096),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                            if (!ec) self->do_drain();
                          });
}

}  // namespace gutbot::adapters
