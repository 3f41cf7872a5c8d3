// One HTTP request being answered: what a route's handler reads (the
// request, its target, its client) and how it answers, at once or later
// from an engine callback. Implemented by the connection (HttpSession);
// used on the connection's strand only. Each request is answered once.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/server/server_context.h"
#include "bot/common/result.h"
#include "bot/common/url_encoding.h"

namespace gutbot::adapters {

class HttpExchange {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  using Status = boost::beast::http::status;

  const Request& request() const { return request_; }
  const bot::Target& target() const { return target_; }
  // The connection's remote address.
  const std::string& peer() const { return peer_; }
  // Who sent the request: the peer, or behind a trusted proxy its client.
  const std::string& client() const { return client_; }
  ServerContext& context() const { return *context_; }
  const std::shared_ptr<ServerContext>& shared_context() const { return context_; }

  // The responses to this request echo `origin` in their CORS headers.
  void allow_origin(std::string_view origin) { cors_origin_ = origin; }

  // A response to this request with the server's headers.
  Response response(Status status, std::string body,
                    const char* content_type = "application/json") const;
  // An error response: ErrorFrame(error) as JSON.
  Response error(Status status, const bot::Error& error) const;

  // Writes the answer to this request.
  virtual void send(Response response) = 0;
  void send_error(Status status, const bot::Error& error) { send(this->error(status, error)); }

  // The connection's strand, where an answer given later must be sent.
  virtual boost::asio::any_io_executor executor() = 0;
  // Keeps the connection alive until an answer given later is sent.
  virtual std::shared_ptr<HttpExchange> shared() = 0;

  // An engine callback taking an `Outcome` (a bot::Result or bot::Status)
  // that calls `fn(exchange, outcome)` on the strand (OnExecutor in
  // server_context.h).
  template <class Outcome, class Fn>
  auto later(Fn fn) {
    return OnExecutor<Outcome>(*context_, executor(), shared(), std::move(fn));
  }

 protected:
  HttpExchange(std::shared_ptr<ServerContext> context, std::string peer)
      : context_(std::move(context)), peer_(std::move(peer)) {}
  ~HttpExchange() = default;

  // Starts answering `request`: no CORS headers until a handler allows them.
  void begin(Request request);

  std::shared_ptr<ServerContext> context_;
  std::string peer_;
  Request request_;          // the one being answered
  bot::Target target_;       // its target
  std::string client_;       // its client
  std::string cors_origin_;  // echoed in the response's CORS headers; empty for none
  unsigned version_ = 11;    // of the request being answered
  bool keep_alive_ = false;  // of the request being answered
};

}  // namespace gutbot::adapters
