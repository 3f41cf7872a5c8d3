// The figures CI guards: the real knowledge base, classified against the
// labelled dev set. Floors sit just under what the model reaches, so a change
// that makes understanding worse fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "intents/evaluation.h"
#include "intents/intent_ids.h"
#include "knowledge/loader.h"

namespace gutbot::intents {
namespace {

const std::filesystem::path kTests = GUTBOT_TEST_DATA;

TEST(DevSet, StaysAboveTheFloors) {
  knowledge::LoadOptions options;
  for (std::string_view id : kConversationIntents) options.conversation_intents.emplace(id);
  const auto loaded =
      knowledge::LoadKnowledgeBase(kTests.parent_path() / "knowledge" / "leaky-gut", options);
  for (const auto& problem : loaded.problems) ADD_FAILURE() << knowledge::ToString(problem);
  ASSERT_TRUE(loaded.kb);

  std::ifstream in(kTests / "data" / "dev_set.jsonl");
  ASSERT_TRUE(in) << "tests/data/dev_set.jsonl is missing";
  std::vector<std::string> errors;
  std::vector<LabelledText> items = ReadLabelled(in, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  // Red flags are the safety screen's (tests/engine/understanding_test.cpp),
  // never the classifier's.
  std::erase_if(items, [](const LabelledText& item) {
    return std::find(item.intents.begin(), item.intents.end(), kUrgent) != item.intents.end();
  });
  ASSERT_GE(items.size(), 600U);

  const auto model = IntentModel::Build(*loaded.kb);
  const nlohmann::json report = Evaluate(*model, items);
  RecordProperty("report", report.dump());
  EXPECT_GE(report["in_scope_accuracy"].get<double>(), 0.91) << report.dump(1);
  EXPECT_GE(report["oos_recall"].get<double>(), 0.92) << report.dump(1);
  EXPECT_LE(report["false_rejection_rate"].get<double>(), 0.05) << report.dump(1);
  EXPECT_GE(report["macro_f1"].get<double>(), 0.93) << report.dump(1);
}

}  // namespace
}  // namespace gutbot::intents
