#include "adapters/server/address_range.h"

#include <gtest/gtest.h>

namespace gutbot::adapters {
namespace {

bool InRange(const char* range, const char* address) {
  const auto parsed = AddressRange::Parse(range);
  EXPECT_TRUE(parsed) << range;
  return parsed && parsed->contains(address);
}

TEST(AddressRange, Ipv4RangesMatchTheirAddressesOnly) {
  EXPECT_TRUE(InRange("10.0.0.0/8", "10.200.3.4"));
  EXPECT_FALSE(InRange("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(InRange("172.16.0.0/12", "172.31.255.255"));
  EXPECT_FALSE(InRange("172.16.0.0/12", "172.32.0.0"));
  EXPECT_TRUE(InRange("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(InRange("127.0.0.1", "127.0.0.2"));
  EXPECT_TRUE(InRange("0.0.0.0/0", "203.0.113.9"));
  // What a server listening on "::" sees of an IPv4 peer.
  EXPECT_TRUE(InRange("10.0.0.0/8", "::ffff:10.1.2.3"));
}

TEST(AddressRange, Ipv6RangesMatchTheirAddressesOnly) {
  EXPECT_TRUE(InRange("fd00::/8", "fd12:3456::1"));
  EXPECT_FALSE(InRange("fd00::/8", "fe80::1"));
  EXPECT_TRUE(InRange("::1", "::1"));
  EXPECT_TRUE(InRange("2001:db8::/32", "2001:db8:ffff::7"));
  EXPECT_FALSE(InRange("2001:db8::/32", "2001:db9::7"));
  EXPECT_FALSE(InRange("fd00::/8", "10.0.0.1"));
}

TEST(AddressRange, MalformedEntriesAreRefused) {
  for (const char* bad : {"", "nginx", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/8x", "10.0.0.1/8",
                          "fd00::/129", "fd00::/-1", "10.0.0/8", "/8", "10.0.0.0/ 8"}) {
    EXPECT_FALSE(AddressRange::Parse(bad)) << bad;
  }
}

TEST(AddressRange, GarbageAddressesAreOutside) {
  const auto all = AddressRange::Parse("0.0.0.0/0");
  ASSERT_TRUE(all);
  EXPECT_FALSE(all->contains(""));
  EXPECT_FALSE(all->contains("unknown"));
}

}  // namespace
}  // namespace gutbot::adapters
