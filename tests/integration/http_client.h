// One HTTP request to a local test server, with a timeout (Beast
// underneath, hidden here). Thread-safe: each call has its own connection.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gutbot::testing {

struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Sends `method target` to 127.0.0.1:`port` with `body` (as JSON when not
// empty) and `headers`. Throws std::runtime_error when the exchange fails.
HttpResponse HttpRequest(unsigned short port, const std::string& method, const std::string& target,
                         const std::string& body = "", const HttpHeaders& headers = {});

// The server's /metrics samples, "name{labels}" -> value. Throws
// std::runtime_error unless /metrics answers 200 in Prometheus' text format.
std::map<std::string, double> ScrapeMetrics(unsigned short port);

}  // namespace gutbot::testing
