#include "intents/normalizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gutbot::intents {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  for (const Token& t : Normalize(text)) words.push_back(t.text);
  return words;
}

using Words_ = std::vector<std::string>;

TEST(Normalizer, FoldsCaseAndStripsAccents) {
  EXPECT_EQ(Words("Café CRÈME naïve Ærøskøbing Łódź"),
            (Words_{"cafe", "creme", "naive", "aeroskobing", "lodz"}));
}

TEST(Normalizer, CombiningAccentsJoinTheirLetter) {
  EXPECT_EQ(Words("cafe\xCC\x81 ok"), (Words_{"cafe", "ok"}));  // NFD "café"
}

TEST(Normalizer, CurlyQuotesAndDashes) {
  EXPECT_EQ(Words("What\xE2\x80\x99s \xE2\x80\x9Cleaky\xE2\x80\x9D gut\xE2\x80\x94really"),
            (Words_{"what", "is", "leaky", "gut", "really"}));
}

TEST(Normalizer, FullwidthAndLigatures) {
  EXPECT_EQ(Words("\xEF\xBC\xA7\xEF\xBC\xB5\xEF\xBC\xB4 \xEF\xAC\x81"
                  "ber"),
            (Words_{"gut", "fiber"}));
}

TEST(Normalizer, EmojiSeparatesWords) {
  EXPECT_EQ(Words("gut\xF0\x9F\x98\x85pain \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"),
            (Words_{"gut", "pain"}));
}

TEST(Normalizer, InvalidUtf8IsASeparatorAndNeverSwallowsText) {
  EXPECT_EQ(Words("gut\xFF"
                  "pain"),
            (Words_{"gut", "pain"}));
  EXPECT_EQ(Words("a\xC3"), (Words_{"a"}));                  // truncated sequence at the end
  EXPECT_EQ(Words("x\xE2\x82zone"), (Words_{"x", "zone"}));  // truncated in the middle
  EXPECT_EQ(Words("\xC0\xAFslash"), (Words_{"slash"}));      // overlong '/'
  EXPECT_EQ(Words("\xED\xA0\x80surrogate"), (Words_{"surrogate"}));
}

TEST(Normalizer, ExpandsContractionsWithAndWithoutApostrophe) {
  EXPECT_EQ(Words("I'm sure it's fine, don't worry, can't stop, won't"),
            (Words_{"i", "am", "sure", "it", "is", "fine", "do", "not", "worry", "can", "not",
                    "stop", "will", "not"}));
  EXPECT_EQ(Words("im tired dont know whats up"),
            (Words_{"i", "am", "tired", "do", "not", "know", "what", "is", "up"}));
  EXPECT_EQ(Words("the gut's lining"), (Words_{"the", "gut", "lining"}));
}

// Found by fuzz/normalizer_fuzzer: a contraction cut from its word ("ca?n't")
// left an empty token before its expansion.
TEST(Normalizer, ContractionWithoutItsWordLeavesNoEmptyToken) {
  EXPECT_EQ(Words("ca?n't y'all'd've"), (Words_{"ca", "not", "yalldve"}));
}

TEST(Normalizer, BritishSpellingBecomesAmerican) {
  EXPECT_EQ(Words("fibre colour anaemia oesophagus diarrhoea haemorrhage coeliac"),
            (Words_{"fiber", "color", "anemia", "esophagus", "diarrhea", "hemorrhage", "celiac"}));
}

// Rewrite keys are found among the keys of the word's first letter and length:
// words that share both with a key, and the first and last keys, included.
TEST(Normalizer, RewritesOnlyWholeKeys) {
  EXPECT_EQ(Words("tho the thx thy aint zero zeros u us"),
            (Words_{"though", "the", "thanks", "thy", "is", "not", "0", "zeros", "you", "us"}));
}

TEST(Normalizer, NumberWordsBecomeDigits) {
  EXPECT_EQ(Words("two weeks or 3 months"), (Words_{"2", "weeks", "or", "3", "months"}));
}

TEST(Normalizer, OffsetsPointIntoTheOriginalBytes) {
  const std::string text =
      "\xE2\x80\x9C"
      "Café\xE2\x80\x9D and what\xE2\x80\x99s \xEF\xBC\xA7\xEF\xBC\xB5\xEF\xBC\xB4";
  const std::vector<Token> tokens = Normalize(text);
  ASSERT_EQ(tokens.size(), 5U);
  EXPECT_EQ(text.substr(tokens[0].start, tokens[0].end - tokens[0].start), "Café");
  EXPECT_EQ(text.substr(tokens[1].start, tokens[1].end - tokens[1].start), "and");
  // Both words of an expanded contraction span the whole contraction.
  EXPECT_EQ(text.substr(tokens[2].start, tokens[2].end - tokens[2].start), "what\xE2\x80\x99s");
  EXPECT_EQ(tokens[3].start, tokens[2].start);
  EXPECT_EQ(tokens[3].end, tokens[2].end);
  EXPECT_EQ(text.substr(tokens[4].start, tokens[4].end - tokens[4].start),
            "\xEF\xBC\xA7\xEF\xBC\xB5\xEF\xBC\xB4");
}

TEST(Normalizer, EmptyAndSeparatorOnlyTextHasNoTokens) {
  EXPECT_TRUE(Normalize("").empty());
  EXPECT_TRUE(Normalize(" ?!... \xF0\x9F\x98\x85 ''").empty());
}

}  // namespace
}  // namespace gutbot::intents
