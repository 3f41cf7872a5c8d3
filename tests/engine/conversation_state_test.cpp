// What the conversation state remembers of client message ids, and that a
// state written before digests still recognises its ids.
#include "bot/engine/conversation_state.h"

#include <gtest/gtest.h>

#include <cstdio>

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
  const std::string stored = Serialize(state);
  EXPECT_EQ(stored.find(kWidgetId), std::string::npos) << stored;
  EXPECT_NE(stored.find(R"("client_id_digests":")"), std::string::npos) << stored;
  EXPECT_TRUE(ParseState(stored).answered(kWidgetId));
}

TEST(ConversationState, ForgetsTheOldestOfMoreThan32Ids) {
  ConversationState state;
  for (int i = 0; i < 40; ++i) state.remember_client_id(std::to_string(i));
  EXPECT_EQ(state.client_id_digests.size(), 32u);
  EXPECT_FALSE(state.answered("7"));
  EXPECT_TRUE(state.answered("8"));
  EXPECT_TRUE(state.answered("39"));
  // Stored as one string of 8 hex digits per id, small digests zero-padded.
  state.client_id_digests = {0x0000002a, 0xffffffff};
  EXPECT_NE(Serialize(state).find(R"("client_id_digests":"0000002affffffff")"), std::string::npos);
  EXPECT_EQ(ParseState(Serialize(state)).client_id_digests, state.client_id_digests);
}

TEST(ConversationState, AStateWrittenWithFullIdsStillKnowsThem) {
  const ConversationState state = ParseState(std::string(R"({"client_ids":[")")
                                                 .append(kWidgetId)
                                                 .append(R"(","m2"],"topics":["zonulin"]})"));
  EXPECT_TRUE(state.answered(kWidgetId));
  EXPECT_TRUE(state.answered("m2"));
  EXPECT_FALSE(state.answered("m3"));
  EXPECT_EQ(state.current(), "zonulin");
}

TEST(ConversationState, AStateWrittenWithAnArrayOfDigestsStillKnowsThem) {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(ClientIdDigest(kWidgetId)));
  const ConversationState state = ParseState(std::string(R"({"client_id_digests":[")")
                                                 .append(hex)
                                                 .append(R"(","zz","12345"],"fallbacks":1})"));
  EXPECT_TRUE(state.answered(kWidgetId));
  EXPECT_EQ(state.client_id_digests.size(), 2u);  // "zz" is no digest
  EXPECT_EQ(state.fallbacks, 1);
}

}  // namespace
}  // namespace gutbot::bot
