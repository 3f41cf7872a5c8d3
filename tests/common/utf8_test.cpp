#include "bot/common/utf8.h"

#include <gtest/gtest.h>

namespace gutbot::bot {
namespace {

TEST(CountCodePoints, CountsCharactersNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("gut"), 3u);
  EXPECT_EQ(CountCodePoints("Darm\xc3\xbc\xe2\x80\xa6"), 6u);
}

TEST(CodePointOffset, FindsWhereTheNextCharacterStarts) {
  EXPECT_EQ(CodePointOffset("Darm\xc3\xbc\xe2\x80\xa6", 0), 0u);
  EXPECT_EQ(CodePointOffset("Darm\xc3\xbc\xe2\x80\xa6", 5), 6u);
  EXPECT_EQ(CodePointOffset("Darm\xc3\xbc\xe2\x80\xa6", 6), 9u);
  EXPECT_EQ(CodePointOffset("gut", 7), 3u);
}

TEST(IsValidUtf8, AcceptsWellFormedTextOnly) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Darm\xc3\xbc \xf0\x9f\x98\x80"));
  for (const char* bad :
       {"\xff", "a\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x80"}) {
    EXPECT_FALSE(IsValidUtf8(bad)) << bad;
  }
}

}  // namespace
}  // namespace gutbot::bot
