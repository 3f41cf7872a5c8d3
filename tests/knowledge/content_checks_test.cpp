#include "knowledge/content_checks.h"

#include <gtest/gtest.h>

namespace gutbot::knowledge {
namespace {

TEST(Mentions, WholeWordsAnyCase) {
  EXPECT_TRUE(Mentions("Probiotics, L-glutamine and vitamin D.", "l-glutamine"));
  EXPECT_TRUE(Mentions("Probiotics, L-glutamine and vitamin D.", "VITAMIN D"));
  EXPECT_FALSE(Mentions("Vitamin Dee", "vitamin d"));
  EXPECT_FALSE(Mentions("steamed leaves", "steam"));
  EXPECT_TRUE(Mentions("Crohn's disease", "crohn's"));
}

TEST(Mentions, AlternativesAreSeparatedByABar) {
  EXPECT_TRUE(Mentions("frequent diarrhoea", "diarrhea|diarrhoea"));
  EXPECT_FALSE(Mentions("frequent constipation", "diarrhea|diarrhoea"));
  EXPECT_FALSE(Mentions("anything", ""));
}

TEST(SourceRuns, FindsARunOfEightWordsWhateverItsCaseAndPunctuation) {
  const SourceRuns source(
      "The cells of your small intestine normally maintain a barrier, they say.");
  EXPECT_EQ(source.shared("Did you know: THE CELLS OF YOUR SMALL INTESTINE normally maintain it?"),
            "the cells of your small intestine normally maintain");
  EXPECT_EQ(source.shared("The cells of your small intestine usually maintain a barrier."), "");
  EXPECT_EQ(source.shared("short"), "");
}

TEST(CheckOwnWords, NamesTheTopicFieldAndRun) {
  KnowledgeBase kb;
  Topic copied;
  copied.id = "barrier";
  copied.short_answer = "Our words.";
  copied.detail =
      "As the source puts it, the cells of your small intestine normally maintain a barrier.";
  kb.topics.push_back(copied);
  const auto problems = CheckOwnWords(
      kb, SourceRuns("the cells of your small intestine normally maintain a barrier"), "kb");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(ToString(problems[0]),
            "kb:0: topic 'barrier' detail repeats the source: \"the cells of your small intestine "
            "normally maintain\"");
}

}  // namespace
}  // namespace gutbot::knowledge
