// What the conversation state remembers of client message ids, and that a
// state written before digests still recognises its ids.
#include "bot/conversation_state.h"

#include <gtest/gtest.h>

namespace gutbot::bot {
namespace {

const std::string kWidgetId = "3f9a1c0e8b7d4a6e9f2b5c8d1e4a7b0c";  // the widget's kind of id

TEST(ConversationState, RemembersTheLatestClientIdsAsDigestsOnly) {
  ConversationState state;
  state.remember_client_id(kWidgetId);
  state.remember_client_id("");
  EXPECT_TRUE(state.answered(kWidgetId));
  EXPECT_FALSE(state.answered("another"));
  EXPECT_FALSE(state.answered(""));
  ASSERT_EQ(state.client_id_digests.size(), 1u);
  EXPECT_EQ(state.client_id_digests[0].size(), 8u);
  const std::string stored = Serialize(state);
  EXPECT_EQ(stored.find(kWidgetId), std::string::npos) << stored;
  EXPECT_TRUE(ParseState(stored).answered(kWidgetId));
}

TEST(ConversationState, ForgetsTheOldestOfMoreThan32Ids) {
  ConversationState state;
  for (int i = 0; i < 40; ++i) state.remember_client_id(std::to_string(i));
  EXPECT_EQ(state.client_id_digests.size(), 32u);
  EXPECT_FALSE(state.answered("7"));
  EXPECT_TRUE(state.answered("8"));
  EXPECT_TRUE(state.answered("39"));
}

TEST(ConversationState, AStateWrittenWithFullIdsStillKnowsThem) {
  const ConversationState state = ParseState(std::string(R"({"client_ids":[")").append(kWidgetId).append(
      R"(","m2"],"topics":["zonulin"]})"));
  EXPECT_TRUE(state.answered(kWidgetId));
  EXPECT_TRUE(state.answered("m2"));
  EXPECT_FALSE(state.answered("m3"));
  EXPECT_EQ(state.current(), "zonulin");
}

}  // namespace
}  // namespace gutbot::bot
