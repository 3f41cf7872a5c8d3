// Checks on the shipped leaky-gut knowledge base as data: it passes the
// schema check, every answer is in our own words, no answer diagnoses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "intents/intent_ids.h"
#include "knowledge/content_checks.h"
#include "knowledge/loader.h"

namespace gutbot::knowledge {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::path(GUTBOT_TEST_DATA).parent_path();

LoadOptions ContractOptions() {
  LoadOptions o;
  for (auto id : intents::kConversationIntents) o.conversation_intents.emplace(id);
  return o;
}

std::shared_ptr<const KnowledgeBase> Shipped() {
  static auto result = LoadKnowledgeBase(kRoot / "knowledge/leaky-gut", ContractOptions());
  return result.kb;
}

TEST(ShippedBase, PassesTheSchemaCheck) {
  auto result = LoadKnowledgeBase(kRoot / "knowledge/leaky-gut", ContractOptions());
  for (const auto& p : result.problems) ADD_FAILURE() << ToString(p);
  EXPECT_NE(result.kb, nullptr);
}

TEST(ShippedBase, DeclaresExactlyTheContractIntents) {
  auto kb = Shipped();
  ASSERT_NE(kb, nullptr);
  EXPECT_EQ(kb->domain_intents, std::vector<std::string>(intents::kDomainIntents.begin(),
                                                         intents::kDomainIntents.end()));
}

TEST(ShippedBase, EveryContractIntentHasATopic) {
  auto kb = Shipped();
  ASSERT_NE(kb, nullptr);
  for (auto id : intents::kDomainIntents)
    EXPECT_NE(kb->first_of_intent(std::string(id)), nullptr) << id;
  for (auto id : intents::kConversationIntents) {
    EXPECT_NE(kb->first_of_intent(std::string(id)), nullptr) << id;
  }
}

// The article's facts carry over, its sentences do not: no run of eight words
// of any answer, title, suggestion, example or phrase stands in the article
// (the check `gutbot kb check` runs, against the file kb.json names).
TEST(ShippedBase, AnswersAreInOurOwnWords) {
  auto kb = Shipped();
  ASSERT_NE(kb, nullptr);
  const fs::path article = kRoot / "knowledge/leaky-gut" / kb->source.text_file;
  std::ifstream in(article);
  if (!in) GTEST_SKIP() << "the source article is not beside the checkout: " << article;
  std::stringstream text;
  text << in.rdbuf();
  for (const auto& p : CheckOwnWords(*kb, SourceRuns(text.str()), "leaky-gut"))
    ADD_FAILURE() << ToString(p);
}

// Every short answer names the facts of its topic (the loader checks each
// topic's must_mention); the overview topics must declare the facts a
// visitor asks them for, not a token word.
TEST(ShippedBase, OverviewAnswersNameTheirFacts) {
  auto kb = Shipped();
  ASSERT_NE(kb, nullptr);
  const std::map<std::string, std::vector<std::string>> facts = {
      {"diet", {"gluten-free", "low FODMAP", "paleo", "fasting", "elemental"}},
      {"habits", {"exercise", "sleep", "stress", "alcohol", "chewing", "NSAIDs", "birth control"}},
      {"supplements",
       {"probiotics", "L-glutamine", "vitamin D", "digestive enzymes", "prebiotics",
        "zinc carnosine"}},
      {"treatment", {"gluten-free", "sleep", "probiotics"}},
      {"causes",
       {"sugar", "gluten", "zonulin", "stress", "sleep", "antibiotics", "alcohol", "NSAIDs",
        "dysbiosis"}},
      {"symptoms",
       {"bloating", "brain fog", "fatigue", "joint", "acne", "autoimmune", "arteries", "anemia"}},
      {"testing", {"zonulin", "lactulose", "well validated"}},
      {"healing_time", {"few weeks"}},
      {"cause_gluten", {"wheat", "barley", "rye", "spelt", "kamut"}},
      {"zonulin", {"bacterial overgrowth", "infections", "gluten"}},
  };
  for (const auto& [id, names] : facts) {
    const Topic* topic = kb->find(id);
    ASSERT_NE(topic, nullptr) << id;
    for (const auto& name : names)
      EXPECT_TRUE(Mentions(topic->short_answer, name)) << id << ": " << name;
  }
}

TEST(ShippedBase, NoAnswerDiagnosesTheReader) {
  auto kb = Shipped();
  ASSERT_NE(kb, nullptr);
  for (const auto& t : kb->topics) {
    for (const std::string* s : {&t.short_answer, &t.detail}) {
      std::string lower = *s;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      EXPECT_EQ(lower.find("you have leaky gut"), std::string::npos) << t.id;
      EXPECT_EQ(lower.find("you have a leaky gut"), std::string::npos) << t.id;
    }
  }
}

TEST(ShippedBase, DomainTopicsHaveShortAndDetailedAnswers) {
  auto kb = Shipped();
  ASSERT_NE(kb, nullptr);
  for (const auto& t : kb->topics) {
    if (std::find(intents::kDomainIntents.begin(), intents::kDomainIntents.end(), t.intent) ==
        intents::kDomainIntents.end()) {
      continue;
    }
    EXPECT_LT(t.short_answer.size(), 600u) << t.id << ": too long for a chat bubble";
    EXPECT_GT(t.detail.size(), t.short_answer.size()) << t.id << ": detail adds nothing";
    EXPECT_GE(t.suggestions.size(), 2u) << t.id;
    EXPECT_LE(t.suggestions.size(), 3u) << t.id;
  }
}

}  // namespace
}  // namespace gutbot::knowledge
