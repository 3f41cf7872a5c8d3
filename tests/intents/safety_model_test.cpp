#include "intents/safety_model.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "intents/safety_screen.h"
#include "knowledge/loader.h"

namespace gutbot::intents {
namespace {

// The shipped leaky-gut base with tests/data/safety_examples.jsonl beside
// it (the base ships without them: see knowledge/README.md).
const knowledge::KnowledgeBase& LeakyGutBase() {
  static const std::shared_ptr<const knowledge::KnowledgeBase> kb = [] {
    knowledge::LoadOptions options;
    options.conversation_intents = {"greeting",     "goodbye", "thanks",      "help",
                                    "bot_identity", "sources", "more",        "affirm",
                                    "deny",         "urgent",  "out_of_scope"};
    namespace fs = std::filesystem;
    const fs::path tests = GUTBOT_TEST_DATA;
    const fs::path dir =
        fs::temp_directory_path() / ("gutbot-safety-model-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::copy(tests.parent_path() / "knowledge/leaky-gut", dir, fs::copy_options::recursive);
    fs::copy_file(tests / "data/safety_examples.jsonl", dir / "safety_examples.jsonl");
    auto result = knowledge::LoadKnowledgeBase(dir, options);
    fs::remove_all(dir);
    if (!result.kb) throw std::runtime_error("leaky-gut does not load");
    return result.kb;
  }();
  return *kb;
}

const SafetyScreen& Rules() {
  static const SafetyScreen screen(LeakyGutBase().safety);
  return screen;
}

const SafetyScreen& WithModel() {
  static const SafetyScreen screen(LeakyGutBase());
  return screen;
}

// Written for this test, in none of the base's examples.
constexpr const char* kMissedByTheRules =
    "lately i just want to go to sleep and stay asleep forever, the bloating never ends";

TEST(SafetyModel, AddsACategoryNoRuleFinds) {
  ASSERT_NE(WithModel().model(), nullptr);
  EXPECT_EQ(Rules().check(kMissedByTheRules).category, "");
  const SafetyFinding finding = WithModel().check(kMissedByTheRules);
  EXPECT_EQ(finding.category, "self_harm");
  EXPECT_EQ(finding.rule, "model:self_harm");
  EXPECT_EQ(finding.rules, (std::vector<std::string>{"model:self_harm"}));
}

TEST(SafetyModel, NegatedWordsRaiseNothing) {
  const char* const text = "i'm not suicidal, just tired of bloating";
  EXPECT_TRUE(WithModel().model()->check(text).empty());
  EXPECT_EQ(WithModel().check(text).category, "");
}

TEST(SafetyModel, NeverRemovesWhatTheRulesFound) {
  for (const char* text :
       {"there is blood in my poo and i feel faint", "is it safe to take probiotics while pregnant",
        "can i stop my omeprazole to try glutamine"}) {
    const SafetyFinding rules = Rules().check(text);
    ASSERT_FALSE(rules.category.empty()) << text;
    const SafetyFinding both = WithModel().check(text);
    for (const std::string& category : rules.categories) {
      EXPECT_NE(std::find(both.categories.begin(), both.categories.end(), category),
                both.categories.end())
          << text;
    }
  }
}

TEST(SafetyModel, NoTopicExampleTriggersIt) {
  for (const knowledge::Topic& topic : LeakyGutBase().topics) {
    for (const std::string& example : topic.examples) {
      EXPECT_TRUE(WithModel().model()->check(example).empty()) << example;
    }
  }
}

TEST(SafetyModel, ThresholdsComeFromCrossValidation) {
  const auto& points = WithModel().model()->operating_points();
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].category, "self_harm");
  EXPECT_EQ(points[1].category, "emergency");
  for (const SafetyOperatingPoint& p : points) {
    EXPECT_GT(p.threshold, 0.5F) << p.category;
    EXPECT_LE(p.threshold, 1.0F) << p.category;
    EXPECT_GT(p.caught, 0u) << p.category;
  }
}

TEST(SafetyModel, ABaseWithoutExamplesHasNone) {
  knowledge::KnowledgeBase kb = LeakyGutBase();
  kb.safety_examples.clear();
  EXPECT_EQ(SafetyModel::Build(kb), nullptr);
  const SafetyScreen screen(kb);
  EXPECT_EQ(screen.model(), nullptr);
  EXPECT_EQ(screen.check(kMissedByTheRules).category, "");
}

TEST(SafetyModel, SameBaseSameModel) {
  const auto a = SafetyModel::Build(LeakyGutBase());
  const auto b = SafetyModel::Build(LeakyGutBase());
  ASSERT_EQ(a->operating_points().size(), b->operating_points().size());
  for (std::size_t i = 0; i < a->operating_points().size(); ++i)
    EXPECT_EQ(a->operating_points()[i].threshold, b->operating_points()[i].threshold);
  EXPECT_EQ(a->probabilities(kMissedByTheRules), b->probabilities(kMissedByTheRules));
}

}  // namespace
}  // namespace gutbot::intents
