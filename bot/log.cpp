#include "bot/log.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

#include "bot/json_text.h"

namespace gutbot::bot {
namespace {

constexpr std::array<std::string_view, 4> kLevelNames{"debug", "info", "warn", "error"};

// The one process-wide setting outside the configuration object: every
// component logs, and threading the level through each of them would buy
// nothing, since a process has one log. Atomic, as any thread may log.
std::atomic<LogLevel> log_threshold{LogLevel::kInfo};

std::mutex log_mutex;

// 2026-11-29T01:02:03.456Z
std::string Rfc3339Now() {
  using namespace std::chrono;
  const auto now = time_point_cast<milliseconds>(system_clock::now());
  const std::time_t seconds = system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + length, sizeof text - length, ".%03dZ",
                static_cast<int>(now.time_since_epoch().count() % 1000));
  return text;
}

}  // namespace

std::string_view LogLevelName(LogLevel level) { return kLevelNames[static_cast<std::size_t>(level)]; }

std::optional<LogLevel> LogLevelFromName(std::string_view name) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

void SetLogThreshold(LogLevel threshold) { log_threshold.store(threshold); }

bool LogEnabled(LogLevel level) { return level >= log_threshold.load(); }

void LogEvent(std::string_view level, std::string_view event, nlohmann::json fields) {
  // A misspelt level is a bug; its line is kept rather than lost.
  if (LogLevelFromName(level).value_or(LogLevel::kError) < log_threshold.load()) return;
  // Ordered, so that every line starts with its time, level and event.
  nlohmann::ordered_json line = {{"ts", Rfc3339Now()}, {"level", level}, {"event", event}};
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) line[key] = value;
  }
  const std::string text = OrderedJsonText(line) + "\n";
  const std::lock_guard lock(log_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace gutbot::bot
