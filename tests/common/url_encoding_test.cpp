#include "bot/common/url_encoding.h"

#include <gtest/gtest.h>

namespace gutbot::bot {
namespace {

TEST(ParseTarget, SplitsPathAndDecodesQuery) {
  const bot::Target target = bot::ParseTarget("/ws?session=abc.d-_f&x=a%20b+c&flag");
  EXPECT_EQ(target.path, "/ws");
  EXPECT_EQ(target.query.at("session"), "abc.d-_f");
  EXPECT_EQ(target.query.at("x"), "a b c");
  EXPECT_EQ(target.query.at("flag"), "");
}

TEST(ParseTarget, KeepsMalformedEscapesAndPlusInPath) {
  const bot::Target target = bot::ParseTarget("/a+b?k=%zz%4");
  EXPECT_EQ(target.path, "/a+b");
  EXPECT_EQ(target.query.at("k"), "%zz%4");
}

TEST(ParseTarget, NoQuery) {
  const bot::Target target = bot::ParseTarget("/healthz");
  EXPECT_EQ(target.path, "/healthz");
  EXPECT_TRUE(target.query.empty());
}

}  // namespace
}  // namespace gutbot::bot
