// SHA-256 and HMAC against the RFCs' test vectors, and the constant-time
// comparison.
#include "bot/common/digest.h"

#include <gtest/gtest.h>

#include "bot/common/base64.h"
#include "bot/common/hex.h"

namespace gutbot::bot {
namespace {

TEST(Sha256, MatchesFips180Example) {
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hmac, MatchesRfc4231AndRfc2202TestCaseTwo) {
  EXPECT_EQ(HexEncode(Hmac(HmacDigest::kSha256, "Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // In Base64, as Twilio signs: padded to whole quads.
  EXPECT_EQ(Base64Encode(Hmac(HmacDigest::kSha1, "Jefe", "what do ya want for nothing?")),
            "7/zfauXrL6LSdBbV8YTfnCWafHk=");
}

TEST(SecretEquals, TellsEqualFromDifferentWhateverTheLengths) {
  EXPECT_TRUE(SecretEquals("s3cret", "s3cret"));
  EXPECT_FALSE(SecretEquals("s3cret", "s3creT"));
  EXPECT_FALSE(SecretEquals("s3cret", "s3cret-and-more"));
  EXPECT_FALSE(SecretEquals("", "s3cret"));
  EXPECT_TRUE(SecretEquals("", ""));
}

}  // namespace
}  // namespace gutbot::bot
