#include "bot/common/hex.h"

namespace gutbot::bot {

void AppendHex(std::uint32_t value, std::size_t digits, std::string& out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  while (digits-- > 0) out += kDigits[(value >> (4 * digits)) & 0xF];
}

std::string HexEncode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char byte : bytes) AppendHex(static_cast<unsigned char>(byte), 2, out);
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace gutbot::bot
