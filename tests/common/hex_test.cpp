#include "bot/common/hex.h"

#include <gtest/gtest.h>

namespace gutbot::bot {
namespace {

TEST(HexEncode, WritesTwoLowerCaseDigitsPerByte) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
}

TEST(AppendHex, WritesTheLowDigitsMostSignificantFirst) {
  std::string out = "x";
  AppendHex(0x1f, 4, out);
  AppendHex(0xdeadbeef, 8, out);
  AppendHex(0xabc, 2, out);
  EXPECT_EQ(out, "x001fdeadbeefbc");
}

TEST(HexValue, ReadsEitherCaseAndRefusesTheRest) {
  EXPECT_EQ(HexValue('0'), 0);
  EXPECT_EQ(HexValue('9'), 9);
  EXPECT_EQ(HexValue('a'), 10);
  EXPECT_EQ(HexValue('F'), 15);
  EXPECT_EQ(HexValue('g'), -1);
  EXPECT_EQ(HexValue('/'), -1);
}

}  // namespace
}  // namespace gutbot::bot
