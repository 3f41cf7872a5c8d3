// One HTTP connection: reads requests one at a time, answers them through
// the route table, and hands /ws upgrades to a WebSocketSession. Owns itself
// through its pending operations; runs on its connection's strand.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "adapters/server/client_limits.h"
#include "adapters/server/connection_registry.h"
#include "adapters/server/routes.h"
#include "adapters/server/server_context.h"
#include "bot/common/result.h"
#include "bot/common/url_encoding.h"

namespace gutbot::adapters {

class HttpSession : public Connection, public std::enable_shared_from_this<HttpSession> {
 public:
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  // `peer` is the remote address; `lease` its place in ClientLimits. A
  // `health_only` connection (one in the probes' places of a full server)
  // is answered for /healthz and /readyz only, once.
  HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
              std::string peer, bool health_only, ClientLimits::Lease lease);
  ~HttpSession() override;

  void start();
  void shutdown() override;

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  void fail(boost::system::error_code ec, const char* what);
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  void reject(boost::system::error_code ec);
  void handle(Request request);
  // Checks Origin, CORS and the request rate of a /v1/* request; answers
  // and returns false when it may not go on.
  bool admit_api_request(const Request& request);
  bool admit_websocket(const Request& request);
  // Whether the request's Origin may use the chat (origin_policy.h).
  bool origin_allowed(const Request& request) const;
  // Answers 429 with Retry-After.
  void refuse_rate_limited();
  bool authorized_admin(const Request& request);
  // /metrics: with server.metrics_token, its bearer; without, a loopback
  // peer that is no proxy. Answers 401 or 403 and returns false otherwise.
  bool authorized_metrics(const Request& request);
  // Whether the request carries "Bearer <token>"; answers 401 with
  // `message`, counted as `reason`, when not.
  bool bearer_matches(const Request& request, const std::string& token, const std::string& reason,
                      std::string message);
  void ask(const Request& request);
  void chat(const Request& request);
  void feedback(const Request& request);
  // The valid check of a /v1 request's `token` (its conversation and start),
  // or nullopt after a 401 saying why not.
  std::optional<TokenCheck> session_check(const std::string& token);
  void faq(const Request& request);
  void ready();
  void admin_reload();
  void admin_unanswered(const bot::Target& target);
  void admin_feedback(const bot::Target& target);
  void admin_user(const Request& request, Route route);
  // Answers with `result`'s value as JSON, or its error with `failure`.
  void send_json_result(const bot::Result<nlohmann::json>& result,
                        boost::beast::http::status failure);
  Response respond(boost::beast::http::status status, std::string body,
                   const char* content_type = "application/json") const;
  Response error(boost::beast::http::status status, const bot::Error& error) const;
  // A 200 for a file of the demo page, with its security headers.
  Response static_file(std::string body, const char* content_type) const;
  void send(Response response);
  void on_write(boost::system::error_code ec, std::size_t bytes);
  void close();
  void do_drain();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ServerContext> context_;
  std::string peer_;
  const bool health_only_;
  ClientLimits::Lease lease_;  // handed on to a WebSocketSession
  std::string client_;         // of the request being answered (behind a trusted proxy, its client)
  std::string cors_origin_;    // echoed in the response's CORS headers; empty for none
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<Response> response_;         // the one being written
  unsigned version_ = 11;                    // of the request being answered
  bool keep_alive_ = false;                  // of the request being answered
  boost::asio::steady_timer read_deadline_;  // of the request being read
  bool read_timed_out_ = false;
  bool reading_ = false;             // waiting for a request, nothing in flight
  bool closing_ = false;             // the server is stopping
  bool drain_before_close_ = false;  // a request was refused mid-read
};

}  // namespace gutbot::adapters
