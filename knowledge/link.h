// A page a reply can point to: the source article or a companion page. Its
// `url` is empty until the operator sets it (no address is ever made up);
// then a reply carries it and channels that can show it as a link.
#pragma once

#include <string>

namespace gutbot::knowledge {

struct Link {
  std::string title;
  std::string url;
  bool operator==(const Link&) const = default;
};

}  // namespace gutbot::knowledge
