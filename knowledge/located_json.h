// A parsed JSON document that remembers the line each value starts on, so a
// schema check can say "file:line: message". Immutable after parsing.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gutbot::knowledge {

struct LocatedJson {
  nlohmann::json value;
  std::map<std::string, int> lines;  // JSON pointer ("/topics/3/id") -> line

  // The line of `pointer`, or of its nearest ancestor that has one.
  int line_of(std::string pointer) const;
};

struct JsonParseError {
  int line = 0;
  std::string message;
};

// Parses `text`; on failure fills `error` and returns false.
bool ParseLocatedJson(std::string_view text, LocatedJson& out, JsonParseError& error);

}  // namespace gutbot::knowledge
