#include "bot/engine/unanswered_questions.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "bot/engine/runtime.h"

namespace gutbot::bot {
namespace {

const knowledge::KnowledgeBase& LeakyGutBase() {
  static const Runtime rt =
      LoadRuntime(std::filesystem::path(GUTBOT_TEST_DATA).parent_path() / "knowledge/leaky-gut");
  return *rt.kb;
}

UnansweredRecord Asked(const std::string& text, std::int64_t at, const std::string& topic = "",
                       const std::string& coverage = "none", const std::string& missing = "") {
  return {"user", at, "ws", text, coverage, topic, missing};
}

TEST(UnansweredQuestions, GroupsByNormalisedTextKeepingTheLatestWording) {
  const auto groups = GroupUnanswered(
      {Asked("can i eat pizza", 2, "diet", "partial", "pizza"),
       Asked("Can I eat PIZZA??", 3, "diet", "partial", "pizza"),
       Asked("  can   i eat  pizza ", 1, "", "none"), Asked("what about crypto", 4)},
      10);
  ASSERT_EQ(groups.questions.size(), 2u);
  const UnansweredQuestion& pizza = groups.questions[0];
  EXPECT_EQ(pizza.text, "can i eat pizza");
  EXPECT_EQ(pizza.example, "Can I eat PIZZA??");
  EXPECT_EQ(pizza.count, 3u);
  EXPECT_EQ(pizza.last_unix_ms, 3);
  EXPECT_EQ(pizza.coverage, "partial");
  EXPECT_EQ(pizza.topic, "diet");
  EXPECT_EQ(pizza.missing, std::vector<std::string>{"pizza"});
  EXPECT_EQ(groups.questions[1].text, "what about crypto");
}

TEST(UnansweredQuestions, TopicsCountEveryQuestionNearThem) {
  const auto groups = GroupUnanswered(
      {Asked("kombucha?", 1, "diet", "partial", "kombucha"),
       Asked("kefir?", 5, "diet", "partial", "kefir"), Asked("peru", 3), Asked("mortgage", 4)},
      1);
  EXPECT_EQ(groups.questions.size(), 1u) << "the limit applies to questions";
  ASSERT_EQ(groups.topics.size(), 2u);
  EXPECT_EQ(groups.topics[0].topic, "diet");  // equal counts: the most recent first
  EXPECT_EQ(groups.topics[0].count, 2u);
  EXPECT_EQ(groups.topics[0].last_unix_ms, 5);
  EXPECT_EQ(groups.topics[1].topic, "");
}

TEST(UnansweredQuestions, NormaliseKeepsNonAsciiAndCutsAtACharacterBoundary) {
  EXPECT_EQ(NormaliseQuestion("Ça VA, crème brûlée?"), "Ça va crème brûlée");
  EXPECT_EQ(NormaliseQuestion("don't"), "don't");
  const std::string long_text(199, 'a');
  EXPECT_EQ(NormaliseQuestion(long_text + "é"), long_text);  // é would cross 200 bytes
  EXPECT_TRUE(NormaliseQuestion("?!...").empty());
  EXPECT_TRUE(GroupUnanswered({Asked("?!", 1)}, 10).questions.empty());
}

TEST(UnansweredQuestions, TheReportNamesTopicsAndTheExportIsTheDevSetFormat) {
  const auto groups = GroupUnanswered(
      {Asked("is \"kombucha\" ok", 1764547200000, "diet", "partial", "kombucha")}, 10);
  const nlohmann::json report = UnansweredReport(groups, LeakyGutBase(), 30);
  EXPECT_EQ(report["days"], 30);
  const nlohmann::json& q = report["questions"].at(0);
  EXPECT_EQ(q["example"], "is \"kombucha\" ok");
  EXPECT_EQ(q["last_seen"], "2025-12-01T00:00:00.000Z");
  EXPECT_EQ(q["missing"], nlohmann::json::array({"kombucha"}));
  EXPECT_FALSE(q["title"].get<std::string>().empty());
  EXPECT_EQ(report["topics"].at(0)["title"], q["title"]);

  const std::string lines = UnansweredJsonLines(groups);
  ASSERT_EQ(lines.back(), '\n');
  const auto line = nlohmann::json::parse(lines.substr(0, lines.size() - 1));
  EXPECT_EQ(line,
            (nlohmann::json{{"text", "is \"kombucha\" ok"}, {"intents", nlohmann::json::array()}}));
}

}  // namespace
}  // namespace gutbot::bot
