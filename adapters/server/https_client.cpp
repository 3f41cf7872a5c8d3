#include "adapters/server/https_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

namespace gutbot::adapters {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

struct HttpsUrl {
  std::string host;
  std::string port;
  std::string path;
};

std::optional<HttpsUrl> ParseHttpsUrl(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  url.remove_prefix(kScheme.size());
  const auto slash = url.find('/');
  const std::string_view authority = url.substr(0, slash);
  const auto colon = authority.find(':');
  HttpsUrl parsed{
      std::string(authority.substr(0, colon)),
      colon == std::string_view::npos ? "443" : std::string(authority.substr(colon + 1)),
      slash == std::string_view::npos ? "/" : std::string(url.substr(slash))};
  if (parsed.host.empty() || parsed.port.empty()) return std::nullopt;
  return parsed;
}

// One request: resolve, connect, TLS handshake, write, read, close. Owns
// itself through its pending operation; runs on the caller's executor.
class HttpsCall : public std::enable_shared_from_this<HttpsCall> {
 public:
  HttpsCall(net::any_io_executor executor, std::shared_ptr<ssl::context> tls, HttpsUrl url,
            http::request<http::string_body> request, HttpsClient::Handler done)
      : tls_(std::move(tls)),
        resolver_(executor),
        stream_(executor, *tls_),
        url_(std::move(url)),
        request_(std::move(request)),
        done_(std::move(done)) {}

  void start(std::chrono::seconds timeout) {
    // SNI, and the name the certificate must carry.
    if (!SSL_set_tlsext_host_name(stream_.native_handle(), url_.host.c_str())) {
      const beast::error_code ec(static_cast<int>(::ERR_get_error()),
                                 net::error::get_ssl_category());
      return net::post(resolver_.get_executor(),
                       [self = shared_from_this(), ec] { self->finish(ec); });
    }
    stream_.set_verify_callback(ssl::host_name_verification(url_.host));
    beast::get_lowest_layer(stream_).expires_after(timeout);
    resolver_.async_resolve(url_.host, url_.port,
                            beast::bind_front_handler(&HttpsCall::on_resolve, shared_from_this()));
  }

 private:
  void on_resolve(beast::error_code ec, net::ip::tcp::resolver::results_type endpoints) {
    if (ec) return finish(ec);
    beast::get_lowest_layer(stream_).async_connect(
        endpoints, beast::bind_front_handler(&HttpsCall::on_connect, shared_from_this()));
  }

  void on_connect(beast::error_code ec, const net::ip::tcp::endpoint&) {
    if (ec) return finish(ec);
    stream_.async_handshake(
        ssl::stream_base::client,
        beast::bind_front_handler(&HttpsCall::on_handshake, shared_from_this()));
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return finish(ec);
    http::async_write(stream_, request_,
                      beast::bind_front_handler(&HttpsCall::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return finish(ec);
    http::async_read(stream_, buffer_, response_,
                     beast::bind_front_handler(&HttpsCall::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    finish(ec);
    if (ec) return;
    // The answer is in; the TLS close_notify is a courtesy whose failure
    // (many servers just drop the connection) means nothing.
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
  }

  void finish(beast::error_code ec) {
    done_(ec, ec ? HttpsClient::Response{}
                 : HttpsClient::Response{response_.result_int(), std::move(response_.body())});
  }

  std::shared_ptr<ssl::context> tls_;  // outlives stream_, which uses it
  net::ip::tcp::resolver resolver_;
  ssl::stream<beast::tcp_stream> stream_;
  HttpsUrl url_;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_;
  http::response<http::string_body> response_;
  HttpsClient::Handler done_;
};

}  // namespace

HttpsClient::HttpsClient(const std::string& ca_file, std::chrono::seconds timeout)
    : tls_(std::make_shared<ssl::context>(ssl::context::tls_client)), timeout_(timeout) {
  tls_->set_verify_mode(ssl::verify_peer);
  if (ca_file.empty()) {
    tls_->set_default_verify_paths();
  } else {
    tls_->load_verify_file(ca_file);
  }
}

void HttpsClient::post(net::any_io_executor executor, std::string_view url, Fields fields,
                       std::string body, Handler done) const {
  auto parsed = ParseHttpsUrl(url);
  if (!parsed) {
    return net::post(executor, [done = std::move(done)] {
      done(make_error_code(boost::system::errc::invalid_argument), {});
    });
  }
  http::request<http::string_body> request{http::verb::post, parsed->path, 11};
  request.set(http::field::host, parsed->host);
  request.set(http::field::user_agent, "gutbot");
  for (const auto& [name, value] : fields) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  std::make_shared<HttpsCall>(executor, tls_, std::move(*parsed), std::move(request),
                              std::move(done))
      ->start(timeout_);
}

}  // namespace gutbot::adapters
