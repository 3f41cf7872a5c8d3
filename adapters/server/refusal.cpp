#include "adapters/server/refusal.h"

#include <array>
#include <string>

#include "adapters/server/protocol.h"

namespace gutbot::adapters {
namespace {

namespace net = boost::asio;

std::string Response(const char* status_line, const bot::Error& error) {
  const std::string body = ErrorFrame(error);
  return std::string("HTTP/1.1 ") + status_line +
         "\r\nServer: gutbot\r\nContent-Type: application/json\r\nConnection: "
         "close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string& ResponseFor(ClientLimits::Admission why) {
  static const std::string too_many =
      Response("429 Too Many Requests",
               {bot::ErrorCode::kTooManyConnections, "Too many connections from your address."});
  static const std::string full = Response(
      "503 Service Unavailable", {bot::ErrorCode::kServerFull,
                                  "The server has no room for more connections; try again soon."});
  return why == ClientLimits::Admission::kTooManyFromAddress ? too_many : full;
}

// Reads of input already waiting, at most: a client streaming without pause
// gets its reset.
constexpr int kMaxDrainReads = 4;

}  // namespace

void RefuseConnection(net::ip::tcp::socket& socket, ClientLimits::Admission why) {
  boost::system::error_code ec;
  socket.non_blocking(true, ec);
  // Closing with unread input resets the connection, which can destroy the
  // answer before the client reads it: what already arrived is read first.
  std::array<char, 4096> sink;
  for (int i = 0; i < kMaxDrainReads && !ec && socket.available(ec) > 0; ++i)
    socket.read_some(net::buffer(sink), ec);
  socket.write_some(net::buffer(ResponseFor(why)), ec);
  socket.shutdown(net::ip::tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

}  // namespace gutbot::adapters
