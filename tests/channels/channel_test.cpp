// The helpers the channels share.
#include "adapters/channels/channel.h"

#include <gtest/gtest.h>

#include "bot/common/url_encoding.h"

namespace gutbot::adapters {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

TEST(ParseForm, DecodesPairsInOrderKeepingRepeats) {
  EXPECT_EQ(bot::ParseForm("b=2&a=x+y%21&a=3&flag&=v&&c="),
            (Fields{{"b", "2"}, {"a", "x y!"}, {"a", "3"}, {"flag", ""}, {"", "v"}, {"c", ""}}));
  EXPECT_TRUE(bot::ParseForm("").empty());
}

TEST(FormValue, FindsTheFirstFieldOrNothing) {
  const Fields form{{"a", "1"}, {"a", "2"}};
  EXPECT_EQ(bot::FormValue(form, "a"), "1");
  EXPECT_EQ(bot::FormValue(form, "b"), "");
}

TEST(ShortenText, KeepsShortTextWhole) { EXPECT_EQ(ShortenText("One. Two.", 9), "One. Two."); }

TEST(ShortenText, CutsAtTheLastSentenceEndThatKeepsHalf) {
  EXPECT_EQ(ShortenText("First sentence here. Second one! Third sentence is long.", 40),
            "First sentence here. Second one!");
}

TEST(ShortenText, CutsAtAWordWithAnEllipsisWhenNoSentenceEndFits) {
  EXPECT_EQ(ShortenText("Short. A very long sentence without any end in sight", 30),
            "Short. A very long sentence\u2026");
  EXPECT_EQ(ShortenText("abcdefghij", 5), "abcd\u2026");
}

TEST(ShortenText, NeverSplitsACharacter) {
  const std::string text = "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc";  // four u-umlauts
  EXPECT_EQ(ShortenText(text, 3), "\xc3\xbc\xc3\xbc\u2026");
}

TEST(SuggestionLine, ListsTheSuggestionsOrNothing) {
  EXPECT_EQ(SuggestionLine({"Yes", "Tell me more"}), "Reply with: Yes / Tell me more");
  EXPECT_EQ(SuggestionLine({}), "");
}

TEST(WithLinks, AddsOneLinePerLinkAfterTheText) {
  EXPECT_EQ(WithLinks("Answer.", {{"Diet Plan", "https://example.org/diet"},
                                  {"List", "https://example.org/l"}}),
            "Answer.\n\nDiet Plan: https://example.org/diet\nList: https://example.org/l");
  EXPECT_EQ(WithLinks("Answer.", {}), "Answer.");
}

}  // namespace
}  // namespace gutbot::adapters
