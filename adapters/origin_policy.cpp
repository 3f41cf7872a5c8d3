#include "adapters/origin_policy.h"

#include <algorithm>
#include <cctype>

namespace gutbot::adapters {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "https://host:port" -> "host:port".
std::string_view Authority(std::string_view origin) {
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return {};
  return origin.substr(scheme_end + 3);
}

}  // namespace

bool OriginAllowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed) {
  if (origin.empty()) return true;
  // Same origin: the page was served by this server under the name the
  // browser used for it. ("null" origins, from files and sandboxes, never are.)
  if (!host.empty() && EqualsIgnoringCase(Authority(origin), host)) return true;
  return std::any_of(allowed.begin(), allowed.end(), [origin](const std::string& entry) {
    return entry == "*" || EqualsIgnoringCase(entry, origin);
  });
}

}  // namespace gutbot::adapters
