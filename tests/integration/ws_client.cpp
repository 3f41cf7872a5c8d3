#include "ws_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <stdexcept>

namespace gutbot::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

struct WsClient::Impl {
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};

  // Runs one asynchronous operation to its end; the tcp_stream's expiry
  // turns a silent server into an error instead of a hung test.
  template <class Start>
  beast::error_code run(std::chrono::seconds timeout, Start start) {
    beast::get_lowest_layer(ws).expires_after(timeout);
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void write(std::string_view data, bool text) {
    ws.text(text);
    const auto ec = run(std::chrono::seconds(10), [&](auto handler) {
      ws.async_write(net::buffer(data.data(), data.size()), handler);
    });
    if (ec) throw std::runtime_error("write: " + ec.message());
  }

  beast::error_code read(beast::flat_buffer& buffer, std::chrono::seconds timeout) {
    return run(timeout, [&](auto handler) { ws.async_read(buffer, handler); });
  }
};

WsClient::WsClient(unsigned short port, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   int receive_buffer_bytes)
    : impl_(std::make_unique<Impl>()) {
  impl_->ws.set_option(
      websocket::stream_base::decorator([headers](websocket::request_type& request) {
        for (const auto& [name, value] : headers) request.set(name, value);
      }));
  const net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
  if (receive_buffer_bytes > 0) {
    // Before connecting: the buffer size sets the window the connection offers.
    auto& socket = beast::get_lowest_layer(impl_->ws).socket();
    socket.open(endpoint.protocol());
    socket.set_option(net::socket_base::receive_buffer_size(receive_buffer_bytes));
  }
  auto ec = impl_->run(std::chrono::seconds(10), [&](auto handler) {
    beast::get_lowest_layer(impl_->ws).async_connect(endpoint, handler);
  });
  if (ec) throw std::runtime_error("connect: " + ec.message());
  ec = impl_->run(std::chrono::seconds(10), [&](auto handler) {
    impl_->ws.async_handshake("127.0.0.1:" + std::to_string(port), target, handler);
  });
  if (ec) throw std::runtime_error("handshake: " + ec.message());
}

WsClient::~WsClient() = default;

void WsClient::send_text(std::string_view text) { impl_->write(text, true); }

void WsClient::send_binary(std::string_view bytes) { impl_->write(bytes, false); }

void WsClient::send_frames(std::string_view text, std::size_t frame_bytes) {
  // Beast's own fragmentation would cut the frames again.
  impl_->ws.auto_fragment(false);
  impl_->ws.text(true);
  for (std::size_t at = 0; at < text.size(); at += frame_bytes) {
    const std::string_view frame = text.substr(at, frame_bytes);
    const bool last = at + frame_bytes >= text.size();
    const auto ec = impl_->run(std::chrono::seconds(10), [&](auto handler) {
      impl_->ws.async_write_some(last, net::buffer(frame.data(), frame.size()), handler);
    });
    if (ec) throw std::runtime_error("write: " + ec.message());
  }
  impl_->ws.auto_fragment(true);
}

void WsClient::send_message(const std::string& text, const std::string& id) {
  nlohmann::json frame = {{"type", "message"}, {"text", text}};
  if (!id.empty()) frame["id"] = id;
  send_text(frame.dump());
}

nlohmann::json WsClient::read_json(std::chrono::seconds timeout) {
  beast::flat_buffer buffer;
  const auto ec = impl_->read(buffer, timeout);
  if (ec) throw std::runtime_error("read: " + ec.message());
  return nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
}

int WsClient::read_close_code(std::vector<nlohmann::json>* frames, std::chrono::seconds timeout) {
  for (;;) {
    beast::flat_buffer buffer;
    const auto ec = impl_->read(buffer, timeout);
    if (ec == websocket::error::closed) return impl_->ws.reason().code;
    if (ec) return -1;
    if (frames != nullptr)
      frames->push_back(nlohmann::json::parse(beast::buffers_to_string(buffer.data())));
  }
}

}  // namespace gutbot::testing
