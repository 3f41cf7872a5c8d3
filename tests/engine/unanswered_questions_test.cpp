#include "bot/engine/unanswered_questions.h"

#include <gtest/gtest.h>

namespace gutbot::bot {
namespace {

TEST(UnansweredQuestions, GroupsByNormalisedText) {
  UnansweredQuestions log;
  log.record("Can I eat PIZZA??", 1);
  log.record("can i eat pizza", 2);
  log.record("  can   i eat  pizza ", 3);
  log.record("what about crypto", 4);
  const auto top = log.top(10);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].text, "can i eat pizza");
  EXPECT_EQ(top[0].count, 3u);
  EXPECT_EQ(top[0].last_unix_ms, 3);
  EXPECT_EQ(top[1].text, "what about crypto");
}

TEST(UnansweredQuestions, NormaliseKeepsNonAsciiAndCutsAtACharacterBoundary) {
  EXPECT_EQ(UnansweredQuestions::Normalise("Ça VA, crème brûlée?"), "Ça va crème brûlée");
  EXPECT_EQ(UnansweredQuestions::Normalise("don't"), "don't");
  const std::string long_text(199, 'a');
  const std::string cut = UnansweredQuestions::Normalise(long_text + "é");
  EXPECT_EQ(cut, long_text);  // the two-byte é would cross 200 bytes
  EXPECT_TRUE(UnansweredQuestions::Normalise("?!...").empty());
}

TEST(UnansweredQuestions, WhenFullTheLeastAskedMakesRoom) {
  UnansweredQuestions log(2);
  log.record("alpha", 1);
  log.record("alpha", 2);
  log.record("beta", 3);
  log.record("gamma", 4);  // beta (asked once, older) goes
  const auto top = log.top(10);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].text, "alpha");
  EXPECT_EQ(top[1].text, "gamma");
}

TEST(UnansweredQuestions, TopIsLimited) {
  UnansweredQuestions log;
  for (int i = 0; i < 5; ++i) log.record("question " + std::to_string(i), i);
  EXPECT_EQ(log.top(3).size(), 3u);
  EXPECT_EQ(log.top(3)[0].text, "question 4");  // equal counts: most recent first
}

}  // namespace
}  // namespace gutbot::bot
