// An outbound HTTPS client for the messaging platforms' APIs (Slack's
// chat.postMessage): asynchronous on the caller's executor, so it never
// blocks an I/O thread; verifies the server's certificate chain and name.
// Thread-safe: each call has its own connection.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace gutbot::adapters {

class HttpsClient {
 public:
  struct Response {
    unsigned status = 0;
    std::string body;
  };
  using Handler = std::function<void(boost::system::error_code, Response)>;
  using Fields = std::vector<std::pair<std::string, std::string>>;

  // Trusts the certificate authorities in the PEM file `ca_file`, or the
  // system's when it is empty; `timeout` bounds a whole call. Throws
  // boost::system::system_error when `ca_file` cannot be read (start-up
  // only).
  explicit HttpsClient(const std::string& ca_file,
                       std::chrono::seconds timeout = std::chrono::seconds(10));

  // POSTs `body` with `fields` (Content-Type among them) to `url`
  // ("https://host[:port]/path"). `done` runs once on `executor` with the
  // response, or with an error (invalid_argument for a bad URL, a TLS error
  // for an untrusted certificate, timed_out).
  void post(boost::asio::any_io_executor executor, std::string_view url, Fields fields,
            std::string body, Handler done) const;

 private:
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::chrono::seconds timeout_;
};

}  // namespace gutbot::adapters
