// The load generator's command line: what to load, how hard and for how
// long. Plain values.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace gutbot::bench {

struct LoadOptions {
  // The server; only loopback addresses are accepted.
  boost::asio::ip::tcp::endpoint server{boost::asio::ip::address_v4::loopback(), 8080};
  std::string path = "/ws";
  std::size_t connections = 100;
  // Messages in flight per connection: 1 is request–reply, more is pipelined.
  std::size_t depth = 1;
  // Messages sent in all, over all connections.
  std::uint64_t messages = 100'000;
  // Sending stops after this long; in idle mode, how long connections are held.
  std::chrono::milliseconds duration{10'000};
  // Connections opened per second while ramping up.
  double ramp = 2'000;
  // Threads, each running its own io_context and a share of the connections.
  std::size_t threads = 1;
  // Visitor messages, one a line; connections take them in turn.
  std::string messages_file = "bench/messages.txt";
  // Open the connections and hold them without sending (memory measurement).
  bool idle = false;
  // Bound on connecting (TCP, upgrade, welcome), on closing, and on waiting
  // for the last replies after `duration`.
  std::chrono::seconds timeout{10};
};

// Throws std::invalid_argument with a sentence naming the flag at fault.
LoadOptions ParseLoadOptions(int argc, const char* const* argv);

extern const char* const kLoadUsage;

}  // namespace gutbot::bench
