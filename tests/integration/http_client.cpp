#include "http_client.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <sstream>
#include <stdexcept>

namespace gutbot::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

HttpResponse HttpRequest(unsigned short port, const std::string& method, const std::string& target,
                         const std::string& body, const HttpHeaders& headers) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  // The expiry covers the whole exchange: a silent server fails the call.
  stream.expires_after(std::chrono::seconds(20));

  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1");
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();

  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  beast::error_code failure;
  const net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
  stream.async_connect(endpoint, [&](beast::error_code ec) {
    if (ec) return void(failure = ec);
    http::async_write(stream, request, [&](beast::error_code write_ec, std::size_t) {
      if (write_ec) return void(failure = write_ec);
      http::async_read(stream, buffer, response,
                       [&](beast::error_code read_ec, std::size_t) { failure = read_ec; });
    });
  });
  ioc.run();
  if (failure) throw std::runtime_error(method + " " + target + ": " + failure.message());
  HttpResponse out{static_cast<int>(response.result_int()),
                   std::string(response[http::field::content_type]),
                   response.body(),
                   {}};
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  return out;
}

std::map<std::string, double> ScrapeMetrics(unsigned short port) {
  const HttpResponse response = HttpRequest(port, "GET", "/metrics");
  if (response.status != 200 || !response.content_type.starts_with("text/plain; version=0.0.4")) {
    throw std::runtime_error("/metrics answered " + std::to_string(response.status) + " " +
                             response.content_type + ": " + response.body);
  }
  std::map<std::string, double> samples;
  std::istringstream in(response.body);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

}  // namespace gutbot::testing
