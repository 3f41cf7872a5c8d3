// What the load generator checks in a server frame, read with a SAX pass so
// that checking does not cost the load generator a JSON tree per reply.
// Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gutbot::bench {

struct FrameSummary {
  std::string type;       // the top-level "type", empty if absent or not a string
  std::string reply_to;   // the top-level "reply_to", empty if absent or not a string
  std::string code;       // the top-level "code" of an error frame, likewise
  bool has_text = false;  // the top-level "text" is a non-empty string
};

// nullopt unless `frame` is one well-formed JSON object.
std::optional<FrameSummary> SummarizeFrame(std::string_view frame);

}  // namespace gutbot::bench
