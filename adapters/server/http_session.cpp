#include "adapters/server/http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "adapters/server/admission.h"
#include "adapters/server/io_failure_log.h"
#include "adapters/server/websocket_session.h"

namespace gutbot::adapters {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

HttpSession::HttpSession(net::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
                         std::string peer, bool health_only, ClientLimits::Lease lease)
    : HttpExchange(std::move(context), std::move(peer)),
      stream_(std::move(socket)),
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

net::any_io_executor HttpSession::executor() { return stream_.get_executor(); }

std::shared_ptr<HttpExchange> HttpSession::shared() { return shared_from_this(); }

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
  const bool websocket_upgrade = beast::websocket::is_upgrade(request);
  begin(std::move(request));
  const RouteMatch match =
      context_->routes->match(request_.method_string(), target_.path, websocket_upgrade);
  const bool probe =
      match.outcome == RouteMatch::Outcome::kFound && match.route->policy == Policy::kProbe;
  if (health_only_ && !probe) {
    context_->rejected("server_full");
    return send_error(http::status::service_unavailable,
                      {bot::ErrorCode::kServerFull,
                       "The server has no room for more connections; try again soon."});
  }
  if (match.outcome != RouteMatch::Outcome::kFound) return answer_unmatched(match);
  const Route& route = *match.route;
  if (route.policy == Policy::kWebSocket) return upgrade();
  if (!Admit(*this, route.policy)) return;
  route.handler(*this);
}

void HttpSession::answer_unmatched(const RouteMatch& match) {
  switch (match.outcome) {
    case RouteMatch::Outcome::kPreflight:
      return AnswerPreflight(*this);
    case RouteMatch::Outcome::kUpgradeRequired:
      return send_error(http::status::upgrade_required,
                        {bot::ErrorCode::kUpgradeRequired, "/ws speaks WebSocket only."});
    case RouteMatch::Outcome::kMethodNotAllowed: {
      Response response =
          error(http::status::method_not_allowed,
                {bot::ErrorCode::kMethodNotAllowed, "This path does not take that method."});
      response.set(http::field::allow, match.allow);
      return send(std::move(response));
    }
    case RouteMatch::Outcome::kFound:
    case RouteMatch::Outcome::kNotFound:
      break;
  }
  send_error(http::status::not_found,
             {bot::ErrorCode::kNotFound, "Nothing is served at this path."});
}

void HttpSession::upgrade() {
  if (!admit_websocket()) return;
  const auto session = target_.query.find("session");
  std::make_shared<WebSocketSession>(stream_.release_socket(), context_,
                                     session == target_.query.end() ? "" : session->second,
                                     std::move(lease_), client_)
      ->start(std::move(request_), beast::buffers_to_string(buffer_.data()));
}

bool HttpSession::admit_websocket() {
  if (!OriginAllowedFor(*this)) {
    context_->rejected("origin_not_allowed");
    send_error(http::status::forbidden, {bot::ErrorCode::kOriginNotAllowed,
                                         "Pages from this origin may not open the chat."});
    return false;
  }
  // A proxy's connection was counted in the total only: the WebSocket it
  // holds open is counted against the client it names.
  if (!context_->limits->trusted_proxy(peer_)) return true;
  ClientLimits::Lease client_lease = context_->limits->admit_forwarded(client_);
  if (!client_lease) {
    context_->rejected("too_many_connections");
    send_error(http::status::too_many_requests,
               {bot::ErrorCode::kTooManyConnections, "Too many connections from your address."});
    return false;
  }
  lease_ = std::make_shared<std::pair<ClientLimits::Lease, ClientLimits::Lease>>(
      std::move(lease_), std::move(client_lease));
  return true;
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
