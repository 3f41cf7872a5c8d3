// A local HTTPS server standing in for a platform's API (Slack's) in tests:
// a certificate for "localhost" made at construction, self-signed and
// written to a PEM file that clients are told to trust; answers every
// request with one fixed JSON body and keeps what it received. Serves on its
// own thread; thread-safe.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gutbot::testing {

class HttpsStub {
 public:
  struct Received {
    std::string method;
    std::string target;
    std::string authorization;
    std::string content_type;
    std::string body;
  };

  // Listens on 127.0.0.1, a port of the system's choice.
  explicit HttpsStub(std::string response_body = R"({"ok":true})");
  // Stops serving and removes the certificate file.
  ~HttpsStub();
  HttpsStub(const HttpsStub&) = delete;
  HttpsStub& operator=(const HttpsStub&) = delete;

  unsigned short port() const { return port_; }
  // The certificate, in PEM: the one authority to trust.
  const std::string& ca_file() const { return ca_file_; }

  // The requests received so far, once there are `count` of them or
  // `timeout` has passed.
  std::vector<Received> wait_for(std::size_t count,
                                 std::chrono::seconds timeout = std::chrono::seconds(20));

 private:
  void accept();
  void record(Received received);

  std::string response_body_;
  std::string ca_file_;
  boost::asio::ssl::context tls_{boost::asio::ssl::context::tls_server};
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_{ioc_};
  unsigned short port_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Received> received_;  // protected by mutex_
  std::thread thread_;
};

}  // namespace gutbot::testing
