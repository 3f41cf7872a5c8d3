#include "adapters/server/client_limits.h"

#include <gtest/gtest.h>

namespace gutbot::adapters {
namespace {

ClientLimits LimitsTrusting(std::vector<std::string> proxies) {
  ServerOptions options;
  options.trusted_proxies = std::move(proxies);
  return ClientLimits(options);
}

TEST(ClientAddress, AnUntrustedPeerIsTheClientWhateverItForwards) {
  const ClientLimits limits = LimitsTrusting({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("203.0.113.7", "", limits), "203.0.113.7");
  EXPECT_EQ(ClientAddress("203.0.113.7", "198.51.100.1", limits), "203.0.113.7");
  EXPECT_EQ(ClientAddress("203.0.113.7", "198.51.100.1, 10.0.0.2", limits), "203.0.113.7");
  // Trusting no one, even a loopback peer is its own client.
  EXPECT_EQ(ClientAddress("127.0.0.1", "198.51.100.1", LimitsTrusting({})), "127.0.0.1");
}

TEST(ClientAddress, ATrustedProxyNamesItsClient) {
  const ClientLimits limits = LimitsTrusting({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("10.1.2.3", "203.0.113.7", limits), "203.0.113.7");
  EXPECT_EQ(ClientAddress("10.1.2.3", " 203.0.113.7 ", limits), "203.0.113.7");
}

TEST(ClientAddress, ASpoofedChainYieldsTheAddressTheTrustedProxyHeard) {
  // The client wrote "1.1.1.1, 10.9.9.9" itself; the proxy appended the
  // address it heard from. Read from the right, the first untrusted hop.
  const ClientLimits limits = LimitsTrusting({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("10.1.2.3", "1.1.1.1, 203.0.113.7", limits), "203.0.113.7");
  EXPECT_EQ(ClientAddress("10.1.2.3", "1.1.1.1, 10.9.9.9, 203.0.113.7", limits), "203.0.113.7");
}

TEST(ClientAddress, ChainsOfTrustedProxiesAreSkipped) {
  const ClientLimits limits = LimitsTrusting({"10.0.0.0/8", "192.168.1.1"});
  EXPECT_EQ(ClientAddress("10.1.2.3", "203.0.113.7, 192.168.1.1, 10.0.0.2", limits), "203.0.113.7");
  // The single address is trusted, its neighbour is not.
  EXPECT_EQ(ClientAddress("10.1.2.3", "203.0.113.7, 192.168.1.2", limits), "192.168.1.2");
  EXPECT_EQ(ClientAddress("192.168.1.1", "203.0.113.7", limits), "203.0.113.7");
}

TEST(ClientAddress, WithoutAnUntrustedHopThePeerIsTheClient) {
  const ClientLimits limits = LimitsTrusting({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("10.1.2.3", "", limits), "10.1.2.3");
  EXPECT_EQ(ClientAddress("10.1.2.3", "10.0.0.3, 10.0.0.2", limits), "10.1.2.3");
  EXPECT_EQ(ClientAddress("10.1.2.3", " , ,", limits), "10.1.2.3");
}

TEST(ClientAddress, EmptyHopsAreSkipped) {
  const ClientLimits limits = LimitsTrusting({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("10.1.2.3", "203.0.113.7,, ,10.0.0.2", limits), "203.0.113.7");
}

TEST(ClientAddress, AnUnparsableHopIsUntrustedAndNamesTheClient) {
  // Rate-limited under that name: it cannot pass as a trusted proxy.
  const ClientLimits limits = LimitsTrusting({"10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("10.1.2.3", "203.0.113.7, unknown", limits), "unknown");
}

TEST(ClientAddress, IPv6ProxiesAndClients) {
  const ClientLimits limits = LimitsTrusting({"fd00::/8", "10.0.0.0/8"});
  EXPECT_EQ(ClientAddress("fd00::1", "2001:db8::5", limits), "2001:db8::5");
  EXPECT_EQ(ClientAddress("fd00::1", "2001:db8::5, fd12::7", limits), "2001:db8::5");
  EXPECT_EQ(ClientAddress("fe80::1", "2001:db8::5", limits), "fe80::1");
  // A server listening on "::" sees IPv4 peers as IPv4-mapped addresses.
  EXPECT_EQ(ClientAddress("::ffff:10.1.2.3", "203.0.113.7", limits), "203.0.113.7");
}

}  // namespace
}  // namespace gutbot::adapters
