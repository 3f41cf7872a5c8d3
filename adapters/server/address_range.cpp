#include "adapters/server/address_range.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <string>

namespace gutbot::adapters {
namespace {

// IPv4 addresses sit in the last 32 of the 128 bits.
constexpr unsigned kIpv4Offset = 96;

bool SameLeadingBits(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b,
                     unsigned bits) {
  for (unsigned i = 0; i < 16 && bits > 0; ++i) {
    const unsigned here = bits >= 8 ? 8 : bits;
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - here));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    bits -= here;
  }
  return true;
}

}  // namespace

std::optional<AddressRange::Bytes> AddressRange::ToBytes(std::string_view address) {
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(std::string(address), ec);
  if (ec) return std::nullopt;
  if (parsed.is_v4())
    return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, parsed.to_v4()).to_bytes();
  return parsed.to_v6().to_bytes();
}

std::optional<AddressRange> AddressRange::Parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto bytes = ToBytes(text.substr(0, slash));
  if (!bytes) return std::nullopt;
  // A written IPv4 address (not an IPv4-mapped IPv6 one) counts its prefix
  // in its own 32 bits.
  const bool ipv4 = text.substr(0, slash).find(':') == std::string_view::npos;
  const unsigned family_bits = ipv4 ? 32 : 128;
  unsigned prefix = family_bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() ||
        prefix > family_bits) {
      return std::nullopt;
    }
  }
  const unsigned bits = ipv4 ? kIpv4Offset + prefix : prefix;
  // "10.0.0.1/8" is a typo or a misunderstanding: refused, not widened.
  Bytes masked{};
  for (unsigned i = 0; i < bits / 8; ++i) masked[i] = (*bytes)[i];
  if (bits % 8)
    masked[bits / 8] = static_cast<std::uint8_t>((*bytes)[bits / 8] & (0xFF << (8 - bits % 8)));
  if (masked != *bytes) return std::nullopt;
  return AddressRange(*bytes, bits);
}

bool AddressRange::contains(std::string_view address) const {
  const auto bytes = ToBytes(address);
  return bytes && SameLeadingBits(*bytes, network_, prefix_);
}

}  // namespace gutbot::adapters
