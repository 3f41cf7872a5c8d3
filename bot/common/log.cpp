#include "bot/common/log.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "bot/common/json_text.h"
#include "bot/common/rfc3339.h"

namespace gutbot::bot {
namespace {

constexpr std::array<std::string_view, 4> kLevelNames{"debug", "info", "warn", "error"};

// The one process-wide setting outside the configuration object: every
// component logs, and threading the level through each of them would buy
// nothing, since a process has one log. Atomic, as any thread may log.
std::atomic<LogLevel> log_threshold{LogLevel::kInfo};

std::mutex log_mutex;

std::string Rfc3339Now() {
  using namespace std::chrono;
  return Rfc3339(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

}  // namespace

std::string_view LogLevelName(LogLevel level) {
  return kLevelNames[static_cast<std::size_t>(level)];
}

std::optional<LogLevel> LogLevelFromName(std::string_view name) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

void SetLogThreshold(LogLevel threshold) { log_threshold.store(threshold); }

bool LogEnabled(LogLevel level) { return level >= log_threshold.load(); }

void LogEvent(LogLevel level, std::string_view event, nlohmann::json fields) {
  if (!LogEnabled(level)) return;
  // Ordered, so that every line starts with its time, level and event.
  nlohmann::ordered_json line = {
      {"ts", Rfc3339Now()}, {"level", LogLevelName(level)}, {"event", event}};
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) line[key] = value;
  }
  const std::string text = OrderedJsonText(line) + "\n";
  const std::lock_guard lock(log_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace gutbot::bot
