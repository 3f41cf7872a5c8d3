// UTF-8 validity (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF). Pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace gutbot::bot {

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0
// (also for an empty `s`).
std::size_t Utf8SequenceLength(std::string_view s);

// Whether all of `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// Unicode characters in `utf8` (its bytes that do not continue a sequence).
std::size_t CountCodePoints(std::string_view utf8);

}  // namespace gutbot::bot
