// UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF):
// validity and code points. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace gutbot::bot {

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0
// (also for an empty `s`).
std::size_t Utf8SequenceLength(std::string_view s);

// Whether all of `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// Whether `byte` continues a sequence (10xxxxxx) rather than starting one.
inline bool IsUtf8Continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// Unicode characters in `utf8` (its bytes that do not continue a sequence).
std::size_t CountCodePoints(std::string_view utf8);

// The byte offset where the character after the first `count` characters of
// `utf8` starts (its size when it has no more).
std::size_t CodePointOffset(std::string_view utf8, std::size_t count);

}  // namespace gutbot::bot
