// A blocking WebSocket client for tests, with a timeout on every operation
// (Beast underneath, hidden here). Owned by one test; not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gutbot::testing {

class WsClient {
 public:
  // Connects to 127.0.0.1:`port` and upgrades `target`. Throws
  // std::runtime_error on failure.
  // `headers` go with the upgrade request (Origin, say). A
  // `receive_buffer_bytes` above 0 shrinks the socket's receive buffer, so
  // that a client which does not read soon stops the server's writes.
  explicit WsClient(unsigned short port, const std::string& target = "/ws",
                    const std::vector<std::pair<std::string, std::string>>& headers = {},
                    int receive_buffer_bytes = 0);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void send_text(std::string_view text);
  void send_binary(std::string_view bytes);
  // Sends `text` as one text message in frames of exactly `frame_bytes`
  // (the last may be shorter): fragments, or one frame however large.
  void send_frames(std::string_view text, std::size_t frame_bytes);
  // Sends {"type":"message","text":text} (plus "id" when not empty).
  void send_message(const std::string& text, const std::string& id = "");

  // The next frame, parsed. Throws std::runtime_error on a timeout, a
  // closed connection or a frame that is not JSON.
  nlohmann::json read_json(std::chrono::seconds timeout = std::chrono::seconds(10));

  // Reads until the server closes the connection, appending the frames read
  // on the way to `frames` when given; returns the close code, or -1 when
  // the connection ended without one or `timeout` passed.
  int read_close_code(std::vector<nlohmann::json>* frames = nullptr,
                      std::chrono::seconds timeout = std::chrono::seconds(10));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gutbot::testing
