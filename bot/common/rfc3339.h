// Times as RFC 3339 text in UTC with milliseconds: 2026-11-29T01:02:03.456Z,
// and the clock they are read from. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace gutbot::bot {

std::string Rfc3339(std::int64_t unix_ms);
// The system clock's time, in milliseconds since 1970.
std::int64_t NowUnixMs();

}  // namespace gutbot::bot
