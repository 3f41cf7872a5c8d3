// A range of IP addresses written as an address ("10.1.2.3", "::1") or in
// CIDR notation ("10.0.0.0/8", "fd00::/8"): the trusted_proxies entries.
// An IPv4-mapped IPv6 address ("::ffff:10.1.2.3", what a server listening
// on "::" sees) counts as its IPv4 address. Immutable value.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace gutbot::adapters {

class AddressRange {
 public:
  // Nullopt unless `text` is an address or address/prefix-length with a
  // length the family allows (0-32, 0-128) and no bits set past it.
  static std::optional<AddressRange> Parse(std::string_view text);

  // Whether `address` (as text; anything unparsable is outside) is in range.
  bool contains(std::string_view address) const;

 private:
  // Addresses as 16 bytes: IPv4 ones as IPv4-mapped IPv6.
  using Bytes = std::array<std::uint8_t, 16>;
  static std::optional<Bytes> ToBytes(std::string_view address);

  AddressRange(Bytes network, unsigned prefix) : network_(network), prefix_(prefix) {}

  Bytes network_;
  unsigned prefix_;  // of the 128 bits
};

}  // namespace gutbot::adapters
