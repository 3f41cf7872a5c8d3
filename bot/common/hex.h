// Hexadecimal text: lower-case digits out, either case in. Pure functions;
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gutbot::bot {

// Appends the low `digits` hex digits of `value`, most significant first
// (AppendHex(0x1f, 4, out) appends "001f").
void AppendHex(std::uint32_t value, std::size_t digits, std::string& out);

// Every byte of `bytes` as two lower-case hex digits.
std::string HexEncode(std::string_view bytes);

// The value of the hex digit `c` (0-9, a-f, A-F), or -1.
int HexValue(char c);

}  // namespace gutbot::bot
