// One client connection of the load generator: connects, upgrades, checks the
// welcome, then keeps `depth` messages in flight and checks every reply.
// Lives on one thread's io_context (no strand needed); owned through its
// pending operations.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gutbot::bench {

using Clock = std::chrono::steady_clock;

// What every connection shares; only `budget` changes during the run.
struct LoadPlan {
  std::vector<std::string> texts;  // message texts, as JSON string literals
  std::size_t depth = 1;
  std::atomic<std::int64_t> budget{0};  // messages left to send, all connections together
  Clock::time_point deadline;           // no message is sent after it
  std::chrono::seconds timeout{10};
};

// One thread's results; touched by that thread only.
struct Tally {
  std::vector<std::int64_t> latencies_ns;  // one per checked reply
  std::uint64_t sent = 0;
  std::map<std::string, std::uint64_t> errors;  // count by kind
  Clock::time_point last_reply{};
};

struct ConnectionEvents {
  std::function<void(bool opened)> settled;  // once: the welcome arrived, or opening failed
  std::function<void()> finished;            // once, after an opened connection is closed
};

class LoadConnection : public std::enable_shared_from_this<LoadConnection> {
 public:
  LoadConnection(boost::asio::io_context& ioc, LoadPlan& plan, Tally& tally,
                 const ConnectionEvents& events, std::size_t index);

  void open(const boost::asio::ip::tcp::endpoint& server, const std::string& path);
  // Starts sending; the connection closes itself when the plan runs out.
  void begin();
  // Closes after the replies in flight (idle mode's end).
  void close();
  // Gives up on the replies in flight (counted unanswered) and cuts the connection.
  void cut();

 private:
  enum class State { kOpening, kOpen, kClosing, kDone };
  struct InFlight {
    std::uint64_t id;
    Clock::time_point sent;
  };

  void fail_opening(boost::system::error_code ec, const char* kind);
  void on_connect(boost::system::error_code ec);
  void on_handshake(boost::system::error_code ec);
  void on_welcome(boost::system::error_code ec, std::size_t bytes);
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  void check_reply(const std::string& frame);
  bool send_next();
  void do_write();
  void on_write(boost::system::error_code ec, std::size_t bytes);
  void abandon(const char* kind);
  void finish();
  void error(const std::string& kind, std::uint64_t count = 1);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  LoadPlan& plan_;
  Tally& tally_;
  const ConnectionEvents& events_;
  std::size_t index_;
  std::string host_, path_;
  State state_ = State::kOpening;
  std::uint64_t next_id_ = 0;
  std::deque<InFlight> in_flight_;  // oldest first; replies come in order
  std::deque<std::string> outbox_;  // front() is being written
};

}  // namespace gutbot::bench
