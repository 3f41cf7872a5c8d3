#include "intents/intent_model.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "intents/word_lists.h"
#include "test_kb.h"

namespace gutbot::intents {
namespace {

class IntentModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { model_ = IntentModel::Build(testing::SmallKnowledgeBase()); }
  static std::shared_ptr<const IntentModel> model_;
};
std::shared_ptr<const IntentModel> IntentModelTest::model_;

TEST_F(IntentModelTest, ClassifiesParaphrasesTyposAndSlang) {
  EXPECT_EQ(model_->classify("What's leaky gut?").intent, "what_is_leaky_gut");
  EXPECT_EQ(model_->classify("how long till my gut is healed").intent, "healing_time");
  const Prediction p = model_->classify("should i take probiotcs");
  EXPECT_EQ(p.intent, "supplements");
  EXPECT_EQ(p.topic, "supplement_probiotics");
  EXPECT_EQ(model_->classify("is booze hurting my gut").intent, "cause_alcohol_nsaids");
  EXPECT_EQ(model_->classify("ACNE from my gut?").intent, "symptoms");
}

TEST_F(IntentModelTest, RejectsUnrelatedQuestions) {
  for (const char* text : {"what is the capital of germany", "how do i fix my bike",
                           "recommend a good book", "what's the weather like in london"}) {
    const Prediction p = model_->classify(text);
    EXPECT_EQ(p.intent, "out_of_scope") << text;
    EXPECT_TRUE(p.topic.empty()) << text;
    EXPECT_FALSE(p.in_domain) << text;
  }
}

TEST_F(IntentModelTest, RejectsGibberishAndEmptyText) {
  EXPECT_EQ(model_->classify("").intent, "out_of_scope");
  EXPECT_EQ(model_->classify("asdkjh qwpoeiru zxmcnv").intent, "out_of_scope");
  EXPECT_EQ(model_->classify("\xF0\x9F\x98\x85\xF0\x9F\x98\x85").intent, "out_of_scope");
}

TEST_F(IntentModelTest, ConversationNeedsNoDomainWords) {
  EXPECT_EQ(model_->classify("hello!").intent, "greeting");
  EXPECT_EQ(model_->classify("thank you so much").intent, "thanks");
  EXPECT_EQ(model_->classify("Cheers").intent, "thanks");
}

TEST_F(IntentModelTest, RankingsAreBoundedSortedAndCalibrated) {
  const Prediction p = model_->classify("glutamine or probiotics for leaky gut");
  EXPECT_GT(p.confidence, 0.0);
  EXPECT_LE(p.confidence, 1.0);
  EXPECT_LE(p.alternatives.size(), 3U);
  EXPECT_LE(p.topics.size(), 8U);
  for (const Scored& a : p.alternatives) {
    EXPECT_NE(a.id, p.intent);
    EXPECT_NE(a.id, "out_of_scope");
  }
  for (std::size_t i = 1; i < p.alternatives.size(); ++i) {
    EXPECT_GE(p.alternatives[i - 1].confidence, p.alternatives[i].confidence);
  }
  double sum = 0;
  for (const Scored& t : p.topics) sum += t.confidence;
  EXPECT_LE(sum, 1.0 + 1e-6);
  ASSERT_FALSE(p.topics.empty());
  EXPECT_TRUE(p.topics[0].id == "supplement_probiotics" ||
              p.topics[0].id == "supplement_glutamine");
}

TEST_F(IntentModelTest, RejectedMessagesKeepTheirTopicRanking) {
  const Prediction p = model_->classify("how do i fix my car");
  EXPECT_EQ(p.intent, "out_of_scope");
  EXPECT_FALSE(p.topics.empty());
  for (const Scored& t : p.topics) EXPECT_NE(t.id, "out_of_scope");
}

TEST_F(IntentModelTest, ExplainNamesTheFeaturesAndCorrections) {
  const std::string explanation = model_->explain("should i take probiotcs");
  EXPECT_NE(explanation.find("probiotics"), std::string::npos);
  EXPECT_NE(explanation.find("typed probiotcs"), std::string::npos);
  EXPECT_NE(explanation.find("w:probiot"), std::string::npos);
}

TEST_F(IntentModelTest, SameAnswersFromEightThreads) {
  const std::vector<std::string> texts = {
      "what is leaky gut",
      "advil and my gut",
      "how long to heal",
      "hi there",
      "tell me a joke",
      "probiotcs?",
      "acne and gut",
      "thanks!",
      "capital of france",
      "l-glutamine dose",
      "",
      "\xFF\xFE broken",
  };
  std::vector<Prediction> expected;
  for (const std::string& t : texts) expected.push_back(model_->classify(t));

  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int k = 0; k < 8; ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 50; ++round) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
          const Prediction p =
              model_->classify(texts[(i + static_cast<std::size_t>(k)) % texts.size()]);
          const Prediction& e = expected[(i + static_cast<std::size_t>(k)) % texts.size()];
          const bool same = p.intent == e.intent && p.confidence == e.confidence &&
                            p.topic == e.topic && p.topics.size() == e.topics.size() &&
                            p.entities.size() == e.entities.size() &&
                            p.alternatives.size() == e.alternatives.size();
          mismatches[static_cast<std::size_t>(k)] += same ? 0 : 1;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(IntentModel, BuildingTwiceGivesTheSameModel) {
  const auto a = IntentModel::Build(testing::SmallKnowledgeBase());
  const auto b = IntentModel::Build(testing::SmallKnowledgeBase());
  for (const char* text : {"is wine bad for leaky gut", "hello", "glutamine", "piano lessons"}) {
    const Prediction pa = a->classify(text);
    const Prediction pb = b->classify(text);
    EXPECT_EQ(pa.intent, pb.intent) << text;
    EXPECT_EQ(pa.confidence, pb.confidence) << text;
  }
}

TEST(IntentModel, BuildsFromAnEmptyKnowledgeBase) {
  const auto model = IntentModel::Build(knowledge::KnowledgeBase{});
  EXPECT_EQ(model->classify("anything at all").intent, "out_of_scope");
}

// A base that maps drinks to a topic: a drink it never mentions is what the
// message names, and that topic answers, when nothing else in the message is
// foreign to the domain.
TEST(IntentModel, AThingOfAKindLeadsToTheKindsTopic) {
  knowledge::KnowledgeBase kb = testing::SmallKnowledgeBase();
  kb.lexicon.kinds = {{"drink", "cause_alcohol_nsaids"}, {"supplement", "supplement_probiotics"}};
  const auto model = IntentModel::Build(kb);

  const Prediction coffee = model->classify("is coffee bad for my gut");
  ASSERT_EQ(coffee.unmentioned.size(), 1U);
  EXPECT_NE(coffee.unmentioned[0].find("coffee"), std::string::npos);
  EXPECT_EQ(coffee.thing_topic, "cause_alcohol_nsaids");
  EXPECT_FALSE(coffee.thing_alone);
  EXPECT_EQ(model->classify("green tea and leaky gut").thing_topic, "cause_alcohol_nsaids");
  const Prediction alone = model->classify("what about coffee?");
  EXPECT_EQ(alone.thing_topic, "cause_alcohol_nsaids");
  EXPECT_TRUE(alone.thing_alone);
  EXPECT_EQ(model->classify("should i take biotin").thing_topic, "supplement_probiotics");
  // Words after the thing, or beside it, that the domain never uses.
  EXPECT_EQ(model->classify("coffee shop opening hours").thing_topic, "");
  EXPECT_EQ(model->classify("how many calories in a latte").thing_topic, "");
  // Mentioned by the knowledge (the lexicon's "beer"), or of a kind not mapped.
  EXPECT_EQ(model->classify("is beer bad for my gut").thing_topic, "");
  EXPECT_EQ(model->classify("is yoga good for my gut").thing_topic, "");
  EXPECT_EQ(IntentModel::Build(testing::SmallKnowledgeBase())
                ->classify("is coffee bad for my gut")
                .thing_topic,
            "");
}

TEST(ThingWords, EveryKindHasWordsAndEveryWordAKnownKind) {
  std::map<std::string_view, std::size_t> counts;
  for (const ThingWord& thing : ThingWords()) ++counts[thing.kind];
  for (const std::string_view kind : knowledge::kThingKinds) EXPECT_GT(counts[kind], 10U) << kind;
  EXPECT_EQ(counts.size(), knowledge::kThingKinds.size());
}

}  // namespace
}  // namespace gutbot::intents
