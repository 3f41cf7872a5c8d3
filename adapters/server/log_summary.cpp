#include "adapters/server/log_summary.h"

#include <vector>

#include "bot/common/json_text.h"
#include "bot/common/log.h"

namespace gutbot::adapters {
namespace {

// Kinds tracked at once; past it, lines of new kinds are counted under one
// "log_lines_folded" kind, so that varied junk cannot grow the map.
constexpr std::size_t kMaxKinds = 256;
constexpr std::string_view kFolded = "log_lines_folded";

void Write(bot::LogLevel level, std::string_view event, nlohmann::json fields, std::size_t count) {
  fields["count"] = count;
  bot::LogEvent(level, event, std::move(fields));
}

}  // namespace

void LogSummary::note(bot::LogLevel level, std::string_view event, nlohmann::json fields,
                      Clock::time_point now) {
  std::string key = std::string(event) + bot::JsonText(fields);
  {
    const std::lock_guard lock(mutex_);
    if (kinds_.size() >= kMaxKinds && !kinds_.contains(key)) {
      key = kFolded;
      level = bot::LogLevel::kWarn;
      event = kFolded;
      fields = nlohmann::json::object();
    }
    const auto [kind, added] =
        kinds_.try_emplace(std::move(key), Kind{level, std::string(event), fields, now});
    if (!added) {
      ++kind->second.repeats;
      return;
    }
  }
  // Outside the lock: the log has its own.
  Write(level, event, std::move(fields), 1);
}

void LogSummary::flush(Clock::time_point now, bool all) {
  std::vector<Kind> due;
  {
    const std::lock_guard lock(mutex_);
    for (auto it = kinds_.begin(); it != kinds_.end();) {
      Kind& kind = it->second;
      if (!all && now - kind.since < interval_) {
        ++it;
        continue;
      }
      if (kind.repeats == 0) {
        it = kinds_.erase(it);
        continue;
      }
      due.push_back(kind);
      kind.repeats = 0;
      kind.since = now;
      ++it;
    }
  }
  for (Kind& kind : due) Write(kind.level, kind.event, std::move(kind.fields), kind.repeats);
}

}  // namespace gutbot::adapters
