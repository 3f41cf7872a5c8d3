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

}  // namespace
}  // namespace gutbot::adapters
