#include "bench/load_connection.h"

#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstdio>

#include "bench/frame_summary.h"

namespace gutbot::bench {
namespace {

// A message id as long as the chat widget's (16 random bytes in hex), so
// that the conversation state the server stores has its real size.
std::string MessageId(std::uint64_t n) {
  char id[33];
  std::snprintf(id, sizeof id, "%032llx", static_cast<unsigned long long>(n));
  return id;
}

}  // namespace

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

LoadConnection::LoadConnection(net::io_context& ioc, LoadPlan& plan, Tally& tally,
                               const ConnectionEvents& events, std::size_t index)
    : ws_(ioc), plan_(plan), tally_(tally), events_(events), index_(index) {}

void LoadConnection::open(const net::ip::tcp::endpoint& server, const std::string& path) {
  const std::string address = server.address().to_string();
  host_ = (server.address().is_v6() ? "[" + address + "]" : address) + ":" +
          std::to_string(server.port());
  path_ = path;
  // One bound on connecting, the upgrade and the welcome together.
  beast::get_lowest_layer(ws_).expires_after(plan_.timeout);
  beast::get_lowest_layer(ws_).async_connect(
      server, beast::bind_front_handler(&LoadConnection::on_connect, shared_from_this()));
}

void LoadConnection::fail_opening(boost::system::error_code ec, const char* kind) {
  error(ec == beast::error::timeout ? std::string(kind) + "_timeout" : kind);
  state_ = State::kDone;
  events_.settled(false);
}

void LoadConnection::on_connect(boost::system::error_code ec) {
  if (ec) return fail_opening(ec, "connect");
  // Each frame is one small write; Nagle would hold it for the last ACK.
  beast::get_lowest_layer(ws_).socket().set_option(net::ip::tcp::no_delay(true), ec);
  ws_.async_handshake(host_, path_,
                      beast::bind_front_handler(&LoadConnection::on_handshake, shared_from_this()));
}

void LoadConnection::on_handshake(boost::system::error_code ec) {
  if (ec) return fail_opening(ec, "handshake");
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&LoadConnection::on_welcome, shared_from_this()));
}

void LoadConnection::on_welcome(boost::system::error_code ec, std::size_t) {
  if (ec) return fail_opening(ec, "welcome");
  const auto welcome = SummarizeFrame(beast::buffers_to_string(buffer_.data()));
  buffer_.consume(buffer_.size());
  if (!welcome || welcome->type != "welcome") return fail_opening({}, "welcome_invalid");
  beast::get_lowest_layer(ws_).expires_never();
  state_ = State::kOpen;
  events_.settled(true);
  // Reading from now on also answers the server's keep-alive pings.
  do_read();
}

void LoadConnection::begin() {
  if (state_ != State::kOpen) return;
  for (std::size_t i = 0; i < plan_.depth && send_next(); ++i) {
  }
  if (in_flight_.empty()) close();
}

void LoadConnection::close() {
  if (state_ != State::kOpen) return;
  state_ = State::kClosing;
  beast::get_lowest_layer(ws_).expires_after(plan_.timeout);
  ws_.async_close(websocket::close_code::normal,
                  [self = shared_from_this()](boost::system::error_code) {
                    // The pending read ends too and finishes the connection.
                  });
}

void LoadConnection::cut() { abandon(nullptr); }

void LoadConnection::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&LoadConnection::on_read, shared_from_this()));
}

void LoadConnection::on_read(boost::system::error_code ec, std::size_t) {
  if (ec) {
    if (state_ == State::kOpen) abandon("disconnected");
    return finish();
  }
  check_reply(beast::buffers_to_string(buffer_.data()));
  buffer_.consume(buffer_.size());
  if (state_ != State::kOpen) return do_read();
  if (!send_next() && in_flight_.empty()) close();
  do_read();
}

void LoadConnection::check_reply(const std::string& frame) {
  if (in_flight_.empty()) return error("unexpected_frame");
  const InFlight sent = in_flight_.front();
  in_flight_.pop_front();
  const auto reply = SummarizeFrame(frame);
  if (!reply) return error("invalid_json");
  if (reply->type == "error") return error("error:" + reply->code);
  if (reply->type != "reply") return error("not_a_reply");
  if (reply->reply_to != MessageId(sent.id)) return error("wrong_reply_to");
  if (!reply->has_text) return error("no_text");
  tally_.last_reply = Clock::now();
  tally_.latencies_ns.push_back(
      std::chrono::duration_cast<std::chrono::nanoseconds>(tally_.last_reply - sent.sent).count());
}

bool LoadConnection::send_next() {
  if (Clock::now() >= plan_.deadline || plan_.budget.fetch_sub(1) <= 0) return false;
  const std::uint64_t id = next_id_++;
  const std::string& text = plan_.texts[(index_ + id) % plan_.texts.size()];
  outbox_.push_back(R"({"type":"message","text":)" + text + R"(,"id":")" + MessageId(id) + R"("})");
  in_flight_.push_back({id, Clock::now()});
  ++tally_.sent;
  if (outbox_.size() == 1) do_write();
  return true;
}

void LoadConnection::do_write() {
  ws_.text(true);
  ws_.async_write(net::buffer(outbox_.front()),
                  beast::bind_front_handler(&LoadConnection::on_write, shared_from_this()));
}

void LoadConnection::on_write(boost::system::error_code ec, std::size_t) {
  if (ec) {
    if (state_ == State::kOpen) abandon("write_failed");
    return;
  }
  outbox_.pop_front();
  if (!outbox_.empty()) do_write();
}

// A broken connection (or the run's cutoff, kind == nullptr) leaves its
// messages in flight unanswered; closing the socket ends the pending read,
// which finishes the connection.
void LoadConnection::abandon(const char* kind) {
  if (kind) error(kind);
  if (state_ == State::kOpen || state_ == State::kClosing) {
    error("unanswered", in_flight_.size());
    in_flight_.clear();
    state_ = State::kClosing;
    beast::get_lowest_layer(ws_).close();
  }
}

void LoadConnection::finish() {
  if (state_ == State::kDone) return;
  state_ = State::kDone;
  events_.finished();
}

void LoadConnection::error(const std::string& kind, std::uint64_t count) {
  if (count > 0) tally_.errors[kind] += count;
}

}  // namespace gutbot::bench
