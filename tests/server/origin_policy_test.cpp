#include "adapters/server/origin_policy.h"

#include <gtest/gtest.h>

namespace gutbot::adapters {
namespace {

const std::vector<std::string> kNone;

// Issue #20, finding 12: the same origin is the same scheme, host and port.
TEST(OriginAllowed, TheSameOriginIsTheSameSchemeHostAndPort) {
  EXPECT_TRUE(OriginAllowed("http://chat.example:8080", "http", "chat.example:8080", kNone));
  EXPECT_TRUE(OriginAllowed("HTTPS://Chat.Example", "https", "chat.example", kNone));
  EXPECT_TRUE(OriginAllowed("https://chat.example", "https", "chat.example:443", kNone));
  EXPECT_TRUE(OriginAllowed("http://chat.example:80", "http", "chat.example", kNone));
  // A page of another scheme or port is another origin.
  EXPECT_FALSE(OriginAllowed("https://chat.example:8080", "http", "chat.example:8080", kNone));
  EXPECT_FALSE(OriginAllowed("http://chat.example", "https", "chat.example", kNone));
  EXPECT_FALSE(OriginAllowed("http://chat.example:8081", "http", "chat.example:8080", kNone));
  EXPECT_FALSE(OriginAllowed("null", "http", "chat.example", kNone));
  EXPECT_FALSE(OriginAllowed("chat.example", "http", "chat.example", kNone));
}

TEST(OriginAllowed, ListedOriginsAndRequestsWithoutOne) {
  const std::vector<std::string> shop{"https://shop.example"};
  EXPECT_TRUE(OriginAllowed("", "http", "chat.example", kNone));
  EXPECT_TRUE(OriginAllowed("https://shop.example", "http", "chat.example", shop));
  EXPECT_FALSE(OriginAllowed("http://shop.example", "http", "chat.example", shop));
  EXPECT_TRUE(OriginAllowed("https://evil.example", "http", "chat.example", {"*"}));
}

TEST(OriginAllowed, WithoutOriginEveryRequestIsAllowed) {
  // Not a browser page (curl, a server, a native app): nothing to hijack.
  EXPECT_TRUE(OriginAllowed("", "https", "chat.example", kNone));
  EXPECT_TRUE(OriginAllowed("", "http", "", kNone));
}

TEST(OriginAllowed, SchemeAndHostCompareWithoutCase) {
  EXPECT_TRUE(OriginAllowed("http://CHAT.example:8080", "http", "chat.EXAMPLE:8080", kNone));
  EXPECT_TRUE(
      OriginAllowed("Https://shop.example", "http", "chat.example", {"https://SHOP.example"}));
}

TEST(OriginAllowed, LookalikeOriginsAreOthers) {
  const std::vector<std::string> shop{"https://shop.example"};
  for (const char* origin :
       {"http://chat.example.evil", "http://evil-chat.example", "http://chat.example/",
        "http://chat.example:80808", "http://user@chat.example", "http://chat.exampl"}) {
    EXPECT_FALSE(OriginAllowed(origin, "http", "chat.example", kNone)) << origin;
  }
  for (const char* origin : {"https://shop.example.evil", "https://shop.example:8443",
                             "https://evilshop.example", "https://shop.example/"}) {
    EXPECT_FALSE(OriginAllowed(origin, "http", "chat.example", shop)) << origin;
  }
}

TEST(OriginAllowed, NullOriginsAreNeverTheServersOwn) {
  // Files, sandboxed frames and some redirects send "null".
  EXPECT_FALSE(OriginAllowed("null", "http", "null", kNone));
  EXPECT_FALSE(OriginAllowed("null", "http", "chat.example", {"https://shop.example"}));
  EXPECT_TRUE(OriginAllowed("null", "http", "chat.example", {"*"}));
}

TEST(OriginAllowed, WithoutHostOnlyListedOriginsAreAllowed) {
  EXPECT_FALSE(OriginAllowed("http://", "http", "", kNone));
  EXPECT_FALSE(OriginAllowed("http://chat.example", "http", "", kNone));
  EXPECT_TRUE(OriginAllowed("http://chat.example", "http", "", {"http://chat.example"}));
}

TEST(OriginAllowed, TheSchemeIsTheOneTheBrowserUsed) {
  // Behind a TLS proxy the page is https and the server is reached as https.
  EXPECT_TRUE(OriginAllowed("https://chat.example", "https", "chat.example", kNone));
  EXPECT_FALSE(OriginAllowed("https://chat.example", "http", "chat.example", kNone));
  // A default port is the other scheme's: http on 443 is not https.
  EXPECT_FALSE(OriginAllowed("http://chat.example:443", "https", "chat.example", kNone));
}

TEST(OriginAllowed, IPv6Hosts) {
  EXPECT_TRUE(OriginAllowed("http://[::1]:8080", "http", "[::1]:8080", kNone));
  EXPECT_TRUE(OriginAllowed("http://[::1]", "http", "[::1]:80", kNone));
  EXPECT_FALSE(OriginAllowed("http://[::2]:8080", "http", "[::1]:8080", kNone));
}

}  // namespace
}  // namespace gutbot::adapters
