#include "adapters/server/http_exchange.h"

#include "adapters/server/protocol.h"

namespace gutbot::adapters {

namespace http = boost::beast::http;

void HttpExchange::begin(Request request) {
  request_ = std::move(request);
  target_ = bot::ParseTarget(request_.target());
  client_ = ClientAddress(peer_, request_["X-Forwarded-For"], *context_->limits);
  cors_origin_.clear();
}

HttpExchange::Response HttpExchange::response(Status status, std::string body,
                                              const char* content_type) const {
  Response response{status, version_};
  response.set(http::field::server, "gutbot");
  response.set(http::field::content_type, content_type);
  response.keep_alive(keep_alive_);
  if (!cors_origin_.empty()) {
    response.set(http::field::access_control_allow_origin, cors_origin_);
    response.set(http::field::vary, "Origin");
  }
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpExchange::Response HttpExchange::error(Status status, const bot::Error& error) const {
  return response(status, ErrorFrame(error));
}

}  // namespace gutbot::adapters
