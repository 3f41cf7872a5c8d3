#include "bench/load_options.h"

#include <charconv>
#include <stdexcept>
#include <string_view>

namespace gutbot::bench {
namespace {

template <class T>
T Number(std::string_view flag, std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= T{}) {
    throw std::invalid_argument(std::string(flag) + " needs a number > 0, not \"" +
                                std::string(text) + "\"");
  }
  return value;
}

// Load is only ever sent to this machine.
boost::asio::ip::address LoopbackAddress(std::string_view host) {
  if (host == "localhost") return boost::asio::ip::address_v4::loopback();
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  if (ec)
    throw std::invalid_argument("--host needs an IP address or localhost, not \"" +
                                std::string(host) + "\"");
  if (!address.is_loopback()) {
    throw std::invalid_argument("--host " + std::string(host) +
                                " is not a loopback address; load goes to this machine only");
  }
  return address;
}

}  // namespace

const char* const kLoadUsage = R"(usage: loadgen [options]
  --host ADDR          loopback address of the server (127.0.0.1)
  --port P             server port (8080)
  --path PATH          WebSocket path (/ws)
  --connections N      connections (100)
  --depth K            messages in flight per connection; 1 = request-reply (1)
  --messages M         messages in all, over all connections (100000)
  --duration S         seconds of sending; in --idle mode, of holding (10)
  --ramp R             connections opened per second (2000)
  --threads T          threads, one io_context each (1)
  --file FILE          messages, one a line (bench/messages.txt)
  --timeout S          bound on connecting, closing and the last replies (10)
  --idle               open the connections and hold them, sending nothing
Prints one JSON object on stdout.
)";

LoadOptions ParseLoadOptions(int argc, const char* const* argv) {
  LoadOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--idle") {
      options.idle = true;
      continue;
    }
    if (i + 1 >= argc) throw std::invalid_argument(std::string(flag) + " needs a value");
    const std::string_view value = argv[++i];
    if (flag == "--host")
      options.server.address(LoopbackAddress(value));
    else if (flag == "--port")
      options.server.port(Number<unsigned short>(flag, value));
    else if (flag == "--path")
      options.path = value;
    else if (flag == "--connections")
      options.connections = Number<std::size_t>(flag, value);
    else if (flag == "--depth")
      options.depth = Number<std::size_t>(flag, value);
    else if (flag == "--messages")
      options.messages = Number<std::uint64_t>(flag, value);
    else if (flag == "--duration")
      options.duration =
          std::chrono::milliseconds(static_cast<std::int64_t>(Number<double>(flag, value) * 1000));
    else if (flag == "--ramp")
      options.ramp = Number<double>(flag, value);
    else if (flag == "--threads")
      options.threads = Number<std::size_t>(flag, value);
    else if (flag == "--file")
      options.messages_file = value;
    else if (flag == "--timeout")
      options.timeout = std::chrono::seconds(Number<unsigned>(flag, value));
    else
      throw std::invalid_argument("unknown option " + std::string(flag));
  }
  if (options.path.empty() || options.path.front() != '/')
    throw std::invalid_argument("--path must start with /");
  return options;
}

}  // namespace gutbot::bench
