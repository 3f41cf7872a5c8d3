// Times as RFC 3339 text in UTC with milliseconds: 2026-11-29T01:02:03.456Z.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace gutbot::bot {

std::string Rfc3339(std::int64_t unix_ms);

}  // namespace gutbot::bot
