// One WebSocket connection speaking the widget's protocol: a welcome with the
// session token, then one reply or error per client message; a resume (the
// URL's ?session= or a first "resume" frame) answered by that conversation's
// welcome with its history, a rating by "feedback_saved". Owns itself through its pending
// operations and engine calls; all its handlers run on its connection's strand.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/server/connection_registry.h"
#include "adapters/server/protocol.h"
#include "adapters/server/server_context.h"
#include "adapters/server/session_tokens.h"
#include "adapters/server/token_bucket.h"
#include "bot/engine/engine.h"

namespace gutbot::adapters {

class WebSocketSession : public Connection, public std::enable_shared_from_this<WebSocketSession> {
 public:
  // `resume_token` is the ?session= the client asked to resume (old
  // clients; new ones send a resume frame); may be empty. `lease` counts the
  // connection in the server's limits; `client` is its address for the
  // per-address ones.
  WebSocketSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerContext> context,
                   std::string resume_token, ClientLimits::Lease lease, std::string client);
  ~WebSocketSession() override;

  // Completes the upgrade `request` asked for. `early` holds what the
  // client sent right behind the request (frames in the same packet), read
  // with it.
  void start(boost::beast::http::request<boost::beast::http::string_body> request,
             std::string early);
  void shutdown() override;

 private:
  using CloseCode = boost::beast::websocket::close_code;

  void fail(boost::system::error_code ec, const char* what);
  void on_accept(boost::system::error_code ec);
  // Takes over the conversation of `token` and sends its welcome with
  // history; false, after an error frame, when the token is not good.
  bool resume(const std::string& token);
  void on_history(bot::Result<std::vector<bot::HistoryEntry>> history);
  // The welcome for session_, with `history` when resuming.
  void send_welcome(const std::vector<bot::HistoryEntry>* history);
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  void handle(const std::string& frame);
  void submit(Request message);
  void rate(Feedback feedback);
  void on_reply(bot::Result<bot::Reply> reply, const std::string& id);
  void engine_call_done();
  void send(std::string frame);
  void do_write();
  void on_write(boost::system::error_code ec, std::size_t bytes);
  void close(CloseCode code);
  void do_close();
  void on_close(boost::system::error_code ec);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ServerContext> context_;
  std::string resume_token_;
  ClientLimits::Lease lease_;
  std::string client_;  // the client's address (behind a trusted proxy, the one it names)
  IssuedSession session_;
  TokenBucket bucket_;
  std::size_t rate_violations_ = 0;  // consecutive
  std::deque<std::string> outbox_;   // front() is being written
  std::size_t engine_calls_ = 0;     // in flight
  bool accepted_ = false;
  bool messages_seen_ = false;  // a message came: too late to resume
  bool conversation_counted_ =
      false;               // resumed, or its first message passed the new-conversation quota
  bool open_ = true;       // false once an operation failed
  bool draining_ = false;  // the server is stopping: no new messages
  std::optional<CloseCode> close_code_;  // closing: nothing more is queued
};

}  // namespace gutbot::adapters
