// JSON text for everything that leaves the program (replies, admin and
// export documents, CLI output, log lines): invalid UTF-8 in a string, which
// a platform's signed payload or an old database may carry, is replaced by
// U+FFFD rather than thrown on. Pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace gutbot::bot {

// `value` as JSON text, compact, or pretty-printed with `indent` spaces.
std::string JsonText(const nlohmann::json& value, int indent = -1);
// The same, compact, keeping the members in the order they were written
// (a log line's time, level and event first).
std::string OrderedJsonText(const nlohmann::ordered_json& value);

}  // namespace gutbot::bot
