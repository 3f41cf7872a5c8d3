#include "intents/evaluation.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "test_kb.h"

namespace gutbot::intents {
namespace {

// Answers from a fixed table, so the expected figures can be worked out by hand.
class TableModel final : public IntentModel {
 public:
  explicit TableModel(std::map<std::string, std::string> answers) : answers_(std::move(answers)) {}
  Prediction classify(std::string_view text) const override {
    Prediction p;
    p.intent = answers_.at(std::string(text));
    p.confidence = 0.5;
    return p;
  }
  std::string explain(std::string_view) const override { return {}; }

 private:
  std::map<std::string, std::string> answers_;
};

TEST(Evaluation, ComputesTheContractFigures) {
  const TableModel model({{"a", "zonulin"},
                          {"b", "zonulin"},
                          {"c", "testing"},
                          {"d", "out_of_scope"},
                          {"e", "out_of_scope"},
                          {"f", "zonulin"}});
  const std::vector<LabelledText> items = {
      {"a", {"zonulin"}, "", {}},             // right
      {"b", {"testing", "zonulin"}, "", {}},  // right: any listed id
      {"c", {"zonulin"}, "", {}},             // wrong
      {"d", {"testing"}, "", {}},             // falsely rejected
      {"e", {"out_of_scope"}, "", {}},        // rejected, right
      {"f", {"out_of_scope"}, "", {}},        // missed
  };
  const nlohmann::json report = Evaluate(model, items, {.errors = true});
  EXPECT_EQ(report["count"], 6);
  EXPECT_DOUBLE_EQ(report["accuracy"].get<double>(), 3.0 / 6);
  EXPECT_DOUBLE_EQ(report["in_scope_accuracy"].get<double>(), 2.0 / 4);
  EXPECT_DOUBLE_EQ(report["oos_recall"].get<double>(), 1.0 / 2);
  EXPECT_DOUBLE_EQ(report["false_rejection_rate"].get<double>(), 1.0 / 4);
  // zonulin: predicted 3 (a, b, f), right 2, actual 3 (a, b, c) -> p = r = f1 = 2/3;
  // testing: 0; out_of_scope: predicted 2 (d, e), right 1, actual 2 (e, f) -> 0.5.
  const auto& zonulin = report["per_intent"]["zonulin"];
  EXPECT_DOUBLE_EQ(zonulin["precision"].get<double>(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(zonulin["recall"].get<double>(), 2.0 / 3);
  EXPECT_EQ(zonulin["support"], 3);
  EXPECT_DOUBLE_EQ(report["macro_f1"].get<double>(), (2.0 / 3 + 0.0 + 0.5) / 3);
  ASSERT_EQ(report["errors"].size(), 3U);
  EXPECT_EQ(report["errors"][0]["text"], "c");
  EXPECT_EQ(report["errors"][0]["predicted"], "testing");
  ASSERT_EQ(report["confusions"].size(), 3U);
  EXPECT_EQ(report["confusions"][0]["count"], 1);
}

TEST(Evaluation, ErrorsOnlyWhenAsked) {
  const TableModel model(std::map<std::string, std::string>{{"a", "zonulin"}});
  EXPECT_FALSE(Evaluate(model, {{"a", {"testing"}, "", {}}}).contains("errors"));
}

TEST(Evaluation, CountsSafetyRecallAndFalseAlarms) {
  const Reader read = [](const std::string& text) {
    static const std::map<std::string, std::string> raised = {
        {"blood", "emergency"}, {"sad", ""}, {"pills", "dose"}, {"car", "emergency"}, {"hi", ""}};
    return Verdict{"greeting", 1.0, raised.at(text), ""};
  };
  const std::vector<LabelledText> items = {
      {"blood", {}, "emergency", {}},     // caught
      {"sad", {}, "self_harm", {}},       // missed
      {"pills", {}, "medication", {}},    // raised, but as another category
      {"car", {"out_of_scope"}, "", {}},  // false alarm on an out-of-scope message
      {"hi", {}, "none", {}},             // quiet, rightly
  };
  const nlohmann::json report = Evaluate(read, items, {.errors = true});
  EXPECT_DOUBLE_EQ(report["safety"]["emergency"]["recall"].get<double>(), 1.0);
  EXPECT_EQ(report["safety"]["emergency"]["false_triggers"], 1);
  EXPECT_DOUBLE_EQ(report["safety"]["self_harm"]["recall"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(report["safety"]["medication"]["recall"].get<double>(), 0.0);
  EXPECT_EQ(report["false_triggers"], 1);
  EXPECT_EQ(report["quiet_count"], 2);
  // Only "car" has intents: the intent figures count it alone.
  EXPECT_DOUBLE_EQ(report["accuracy"].get<double>(), 0.0);
  EXPECT_EQ(report["errors"].size(), 4U);  // sad, pills, car twice (its safety and its intent)
}

TEST(Evaluation, CountsRepliesThatNameTheirFacts) {
  const Reader read = [](const std::string& text) {
    static const std::map<std::string, std::string> replies = {
        {"diet", "Gluten-free, low FODMAP or paleo."}, {"habits", "Sleep more."}};
    return Verdict{"greeting", 1.0, "", replies.at(text)};
  };
  LabelledText diet{"diet", {}, "", {"gluten-free", "paleo|keto"}};
  LabelledText habits{"habits", {}, "", {"sleep", "exercise", "stress"}};
  const nlohmann::json report = Evaluate(read, {diet, habits}, {.errors = true});
  EXPECT_EQ(report["facts"]["support"], 2);
  EXPECT_DOUBLE_EQ(report["facts"]["named"].get<double>(), 0.5);
  ASSERT_EQ(report["errors"].size(), 1U);
  EXPECT_EQ(report["errors"][0]["missing"], nlohmann::json({"exercise", "stress"}));
}

TEST(Evaluation, EmptyInputGivesZeroes) {
  const TableModel model(std::map<std::string, std::string>{});
  const nlohmann::json report = Evaluate(model, {});
  EXPECT_EQ(report["count"], 0);
  EXPECT_EQ(report["accuracy"], 0.0);
  EXPECT_EQ(report["macro_f1"], 0.0);
}

TEST(Evaluation, ReadsJsonLinesAndReportsBadLines) {
  std::istringstream in(
      "{\"text\": \"hi\", \"intents\": [\"greeting\"]}\n"
      "\n"
      "not json\n"
      "{\"text\": 3, \"intents\": [\"greeting\"]}\n"
      "{\"text\": \"x\", \"intents\": []}\n"
      "{\"text\": \"bye\", \"intents\": [\"goodbye\", \"thanks\"]}\n"
      "{\"text\": \"i fainted\", \"safety\": \"emergency\"}\n"
      "{\"text\": \"y\"}\n");
  std::vector<std::string> errors;
  const auto items = ReadLabelled(in, errors);
  ASSERT_EQ(items.size(), 3U);
  EXPECT_EQ(items[1].intents, (std::vector<std::string>{"goodbye", "thanks"}));
  EXPECT_EQ(items[2].safety, "emergency");
  EXPECT_TRUE(items[2].intents.empty());
  ASSERT_EQ(errors.size(), 4U);
  EXPECT_EQ(errors[0].rfind("line 3:", 0), 0U);
}

TEST(Evaluation, ClassifyJsonHasTheContractFields) {
  const auto model = IntentModel::Build(testing::SmallKnowledgeBase());
  const std::string text = "is advil bad for leaky gut";
  const nlohmann::json j = ClassifyJson(*model, text);
  EXPECT_EQ(j["text"], text);
  EXPECT_EQ(j["intent"], "cause_alcohol_nsaids");
  EXPECT_GT(j["confidence"].get<double>(), 0.0);
  EXPECT_LE(j["alternatives"].size(), 3U);
  for (const auto& a : j["alternatives"]) {
    EXPECT_TRUE(a.contains("intent"));
    EXPECT_TRUE(a.contains("confidence"));
  }
  ASSERT_GE(j["entities"].size(), 1U);
  EXPECT_EQ(j["entities"][0]["type"], "medication");
  EXPECT_EQ(j["entities"][0]["start"], 3);
  EXPECT_EQ(j["entities"][0]["end"], 8);
}

TEST(Evaluation, ClassifyJsonSurvivesInvalidUtf8) {
  const auto model = IntentModel::Build(testing::SmallKnowledgeBase());
  const nlohmann::json j = ClassifyJson(*model, "gut \xFF\xFE pain");
  EXPECT_NO_THROW((void)j.dump());
}

}  // namespace
}  // namespace gutbot::intents
