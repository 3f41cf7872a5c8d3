#include "intents/entities.h"

#include <gtest/gtest.h>

#include <string>

#include "intents/intent_model.h"
#include "test_kb.h"

namespace gutbot::intents {
namespace {

std::string Span(const std::string& text, const Entity& e) {
  return text.substr(e.start, e.end - e.start);
}

class EntitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { model_ = IntentModel::Build(testing::SmallKnowledgeBase()); }
  static std::shared_ptr<const IntentModel> model_;
};
std::shared_ptr<const IntentModel> EntitiesTest::model_;

TEST_F(EntitiesTest, ReportsTypeValueAndOriginalOffsets) {
  const std::string text =
      "\xE2\x80\x9C"
      "Advil\xE2\x80\x9D gives me ACNE";
  const auto entities = model_->classify(text).entities;
  ASSERT_EQ(entities.size(), 2U);
  EXPECT_EQ(entities[0].type, "medication");
  EXPECT_EQ(entities[0].value, "nsaid");
  EXPECT_EQ(Span(text, entities[0]), "Advil");
  EXPECT_EQ(entities[1].type, "body_system");
  EXPECT_EQ(entities[1].value, "skin");
  EXPECT_EQ(Span(text, entities[1]), "ACNE");
}

TEST_F(EntitiesTest, LongestMatchWins) {
  const std::string text = "a skin rash again";
  const auto entities = model_->classify(text).entities;
  ASSERT_EQ(entities.size(), 1U);
  EXPECT_EQ(entities[0].type, "symptom");
  EXPECT_EQ(entities[0].value, "skin rash");
  EXPECT_EQ(Span(text, entities[0]), "skin rash");
}

TEST_F(EntitiesTest, MatchesMultiWordFormsAcrossAccentsAndTypos) {
  const std::string text = "is l-glutamine ok with intestinal permeabilty, I'm bloated";
  const auto entities = model_->classify(text).entities;
  ASSERT_EQ(entities.size(), 3U);
  EXPECT_EQ(entities[0].value, "l-glutamine");
  EXPECT_EQ(Span(text, entities[0]), "l-glutamine");
  EXPECT_EQ(entities[1].value, "leaky gut");
  EXPECT_EQ(Span(text, entities[1]), "intestinal permeabilty");
  EXPECT_EQ(entities[2].type, "symptom");
  EXPECT_EQ(Span(text, entities[2]), "bloated");
}

TEST_F(EntitiesTest, NoEntitiesInUnrelatedText) {
  EXPECT_TRUE(model_->classify("what is the capital of france").entities.empty());
}

}  // namespace
}  // namespace gutbot::intents
