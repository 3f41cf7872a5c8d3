// One HTTP connection: reads requests one at a time, answers each through
// the route table's handler (routes.h) after its policy's checks, writes
// one response at a time, and hands /ws upgrades to a WebSocketSession.
// Owns itself through its pending operations; runs on its connection's
// strand, where handlers answering later post their answer.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <memory>
#include <optional>

#include "adapters/server/client_limits.h"
#include "adapters/server/connection_registry.h"
#include "adapters/server/http_exchange.h"
#include "adapters/server/route_table.h"
#include "adapters/server/server_context.h"

namespace gutbot::adapters {

class HttpSession : public Connection,
                    public HttpExchange,
                    public std::enable_shared_from_this<HttpSession> {
 public:
  // `peer` is the remote address; `lease` its place in ClientLimits. A
  // `health_only` connection (one in the probes' places of a full server)
  // is answered for /healthz and /readyz only, once.
  HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
              std::string peer, bool health_only, ClientLimits::Lease lease);
  ~HttpSession() override;

  void start();
  void shutdown() override;

  // HttpExchange
  void send(Response response) override;
  boost::asio::any_io_executor executor() override;
  std::shared_ptr<HttpExchange> shared() override;

 private:
  void fail(boost::system::error_code ec, const char* what);
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  void reject(boost::system::error_code ec);
  void handle(Request request);
  // Answers a request that matched no route's method and path.
  void answer_unmatched(const RouteMatch& match);
  // Hands the connection to a WebSocketSession after the upgrade's checks.
  void upgrade();
  bool admit_websocket();
  void on_write(boost::system::error_code ec, std::size_t bytes);
  void close();
  void do_drain();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  const bool health_only_;
  ClientLimits::Lease lease_;  // handed on to a WebSocketSession
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<Response> response_;         // the one being written
  boost::asio::steady_timer read_deadline_;  // of the request being read
  bool read_timed_out_ = false;
  bool reading_ = false;             // waiting for a request, nothing in flight
  bool closing_ = false;             // the server is stopping
  bool drain_before_close_ = false;  // a request was refused mid-read
};

}  // namespace gutbot::adapters
