#include "adapters/server/origin_policy.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace gutbot::adapters {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// "https://host:443" -> "https://host": the form browsers send.
std::string_view WithoutDefaultPort(std::string_view origin) {
  for (const std::string_view suffix : {std::string_view(":80"), std::string_view(":443")}) {
    const bool default_port =
        suffix == ":80" ? origin.starts_with("http://") : origin.starts_with("https://");
    if (default_port && origin.ends_with(suffix))
      return origin.substr(0, origin.size() - suffix.size());
  }
  return origin;
}

}  // namespace

bool OriginAllowed(std::string_view origin, std::string_view scheme, std::string_view host,
                   const std::vector<std::string>& allowed) {
  if (origin.empty()) return true;
  // Same origin: the page was served by this server under the name and
  // scheme the browser used for it. ("null" origins, from files and
  // sandboxes, never are.)
  const std::string own = std::string(scheme) + "://" + std::string(host);
  if (!host.empty() && EqualsIgnoringCase(WithoutDefaultPort(origin), WithoutDefaultPort(own)))
    return true;
  return std::any_of(allowed.begin(), allowed.end(), [origin](const std::string& entry) {
    return entry == "*" || EqualsIgnoringCase(entry, origin);
  });
}

}  // namespace gutbot::adapters
