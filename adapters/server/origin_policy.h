// Which web pages may talk to the server from a browser: the Origin check of
// WebSocket upgrades (against cross-site WebSocket hijacking) and the CORS
// answers of /v1/*. A request without Origin comes from no browser page and
// is allowed; so is a page of the server's own origin. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gutbot::adapters {

// Whether a request with `origin` (the header, maybe empty) to the server
// reached as `scheme`://`host` (the scheme the browser used: "http", or a
// trusted proxy's X-Forwarded-Proto; the Host header) is allowed: the same
// scheme, host and port (a default port written or not), or listed in
// `allowed` (origins like "https://shop.example", or "*").
bool OriginAllowed(std::string_view origin, std::string_view scheme, std::string_view host,
                   const std::vector<std::string>& allowed);

// Methods and headers a CORS preflight is told /v1/* accepts, and how long
// a browser may remember the answer.
inline constexpr std::string_view kCorsMethods = "GET, POST, OPTIONS";
inline constexpr std::string_view kCorsHeaders = "Content-Type, Authorization";
inline constexpr std::string_view kCorsMaxAge = "600";

}  // namespace gutbot::adapters
