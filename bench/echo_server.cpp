// The baseline for gutbot's server figures: a bare Boost.Beast WebSocket
// server with gutbot's threading model (one io_context run by --threads
// threads, a strand per connection) and nothing else. It greets each
// connection with a welcome frame and answers each message with a reply
// frame echoing its text and id, padded to --reply-bytes (gutbot's replies are
// about that long), so that the load generator's checks pass.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <charconv>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using nlohmann::json;

struct EchoOptions {
  net::ip::address address = net::ip::address_v4::loopback();
  unsigned short port = 8090;
  std::size_t threads = 2;
  std::size_t reply_bytes = 700;
};

// `object[key]` if it is a string, else "".
std::string StringField(const json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto field = object.find(key);
  return field != object.end() && field->is_string() ? field->get<std::string>() : "";
}

class EchoSession : public std::enable_shared_from_this<EchoSession> {
 public:
  EchoSession(tcp::socket socket, const EchoOptions& options)
      : ws_(std::move(socket)), options_(options) {}

  void start() {
    // Each frame is one small write; Nagle would hold it for the last ACK.
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ec);
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(64 * 1024);
    ws_.async_accept(beast::bind_front_handler(&EchoSession::on_accept, shared_from_this()));
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return;
    reply_ =
        json{{"type", "welcome"}, {"session", "echo"}, {"text", "Hello from the echo baseline."}}
            .dump();
    write();
  }

  void write() {
    ws_.text(true);
    ws_.async_write(net::buffer(reply_),
                    beast::bind_front_handler(&EchoSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return;
    reply_.clear();
    ws_.async_read(buffer_, beast::bind_front_handler(&EchoSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return;
    const json request = json::parse(beast::buffers_to_string(buffer_.data()), nullptr, false);
    buffer_.consume(buffer_.size());
    json reply = {{"type", "reply"},
                  {"text", StringField(request, "text")},
                  {"reply_to", StringField(request, "id")}};
    reply_ = reply.dump();
    constexpr std::size_t kPaddingField = std::string_view(R"(,"padding":"")").size();
    if (reply_.size() + kPaddingField < options_.reply_bytes) {
      reply["padding"] = std::string(options_.reply_bytes - reply_.size() - kPaddingField, '.');
      reply_ = reply.dump();
    }
    write();
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::string reply_;
  const EchoOptions& options_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, const EchoOptions& options)
      : ioc_(ioc), acceptor_(ioc, {options.address, options.port}), options_(options) {}

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

 private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (!ec) std::make_shared<EchoSession>(std::move(socket), options_)->start();
    accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  const EchoOptions& options_;
};

std::size_t Number(std::string_view flag, std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument(std::string(flag) + " needs a whole number, not \"" +
                                std::string(text) + "\"");
  }
  return value;
}

EchoOptions Parse(int argc, char** argv) {
  EchoOptions options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i], value = argv[i + 1];
    if (flag == "--address")
      options.address = net::ip::make_address(std::string(value));
    else if (flag == "--port")
      options.port = static_cast<unsigned short>(Number(flag, value));
    else if (flag == "--threads")
      options.threads = std::max<std::size_t>(Number(flag, value), 1);
    else if (flag == "--reply-bytes")
      options.reply_bytes = Number(flag, value);
    else
      throw std::invalid_argument("unknown option " + std::string(flag));
  }
  if (argc % 2 == 0) throw std::invalid_argument(std::string(argv[argc - 1]) + " needs a value");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  EchoOptions options;
  try {
    options = Parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "echo_server: " << e.what()
              << "\nusage: echo_server [--address A] [--port P] [--threads N] [--reply-bytes B]\n";
    return 2;
  }
  try {
    net::io_context ioc(static_cast<int>(options.threads));
    std::make_shared<Listener>(ioc, options)->accept();
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&ioc](beast::error_code, int) { ioc.stop(); });
    std::cerr << json{{"event", "listening"}, {"port", options.port}}.dump() << std::endl;
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < options.threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& thread : pool) thread.join();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "echo_server: " << e.what() << "\n";
    return 1;
  }
}
