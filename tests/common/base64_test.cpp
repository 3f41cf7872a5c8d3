#include "bot/common/base64.h"

#include <gtest/gtest.h>

namespace gutbot::bot {
namespace {

// RFC 4648 section 10.
TEST(Base64Encode, MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64UrlEncode, UsesTheUrlAlphabetWithoutPadding) {
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
  EXPECT_EQ(Base64UrlEncode(std::string(16, '\xff')).size(), Base64UrlLength(16));
  EXPECT_EQ(Base64UrlLength(16), 22u);
}

TEST(IsBase64Url, AcceptsOnlyTheUrlAlphabet) {
  EXPECT_TRUE(IsBase64Url("Az09-_"));
  EXPECT_TRUE(IsBase64Url(""));
  EXPECT_FALSE(IsBase64Url("a+b"));
  EXPECT_FALSE(IsBase64Url("a/b"));
  EXPECT_FALSE(IsBase64Url("ab="));
}

}  // namespace
}  // namespace gutbot::bot
