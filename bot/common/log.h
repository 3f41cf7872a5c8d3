// The program's log: one JSON object a line on stderr,
// {"ts": RFC 3339 UTC with milliseconds, "level", "event", ...fields}.
// Thread-safe: lines from several threads never interleave. Every part
// logs through it; the network front end adds adapters/server/io_failure_log.h.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace gutbot::bot {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// "debug", "info", "warn", "error".
std::string_view LogLevelName(LogLevel level);
std::optional<LogLevel> LogLevelFromName(std::string_view name);

// Lines below `threshold` are dropped from now on; the default is kInfo.
// Set once at start-up from the configuration's log.level.
void SetLogThreshold(LogLevel threshold);
// Whether a line at `level` would be written: to skip building one that would not.
bool LogEnabled(LogLevel level);

// One line at `level`, written by its name. `fields` must be an object or
// null. Never put what a user wrote into `fields` unless
// ServerOptions::log_message_text allows it: message texts are health data.
void LogEvent(LogLevel level, std::string_view event, nlohmann::json fields = nullptr);

}  // namespace gutbot::bot
