// Repeated log lines folded into counted summaries, so that a flood of bad
// requests (forged webhooks, failed handshakes) cannot flood the log: the
// first line of a kind is written at once, the repeats within `interval`
// are counted and written as one line with "count" when flush() finds the
// interval over. A kind is the event with its fields. Thread-safe; one per
// server (ServerContext::log_summary).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bot/common/log.h"

namespace gutbot::adapters {

class LogSummary {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LogSummary(Clock::duration interval) : interval_(interval) {}

  // Counts one line `event` with `fields` (an object) at `level`.
  void note(bot::LogLevel level, std::string_view event, nlohmann::json fields,
            Clock::time_point now = Clock::now());

  // Writes the counted repeats of each kind whose interval is over (or of
  // every kind when `all`, at shutdown), and forgets kinds gone quiet.
  void flush(Clock::time_point now = Clock::now(), bool all = false);

 private:
  struct Kind {
    bot::LogLevel level;
    std::string event;
    nlohmann::json fields;
    Clock::time_point since;  // when the interval being counted began
    std::size_t repeats = 0;  // lines not written in it
  };

  const Clock::duration interval_;
  std::mutex mutex_;
  // Guarded by mutex_; by the kind's event and fields as JSON text.
  std::map<std::string, Kind, std::less<>> kinds_;
};

}  // namespace gutbot::adapters
