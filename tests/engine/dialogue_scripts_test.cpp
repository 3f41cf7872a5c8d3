// Replays every dialogue script in tests/dialogues/*.jsonl through the real
// engine and knowledge base. A script is one conversation: each line is a
// visitor message and what its reply must show:
//   {"say": "and stress?", "intent": "cause_stress", "topic": "cause_stress",
//    "contains": ["cortisol"], "lacks": ["you have leaky gut"],
//    "suggests": ["..."], "cited": true, "coverage": "full", "safety": "caution"}
// Every field but "say" is optional; texts compare case-insensitively;
// "safety": "none" asserts that the reply raised no health concern.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>

#include "bot/engine/engine.h"
#include "bot/engine/runtime.h"
#include "bot/store/memory_store.h"

namespace gutbot::bot {
namespace {

namespace fs = std::filesystem;
const fs::path kTests = fs::path(GUTBOT_TEST_DATA);

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

class DialogueScript : public ::testing::TestWithParam<fs::path> {};

TEST_P(DialogueScript, RepliesMatch) {
  static const Runtime rt = LoadRuntime(kTests.parent_path() / "knowledge/leaky-gut");
  Engine engine(rt.kb, rt.model, std::make_unique<MemoryStore>());
  std::ifstream in(GetParam());
  ASSERT_TRUE(in) << GetParam();
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const auto step = nlohmann::json::parse(line);
    const std::string say = step.at("say");
    std::promise<Result<Reply>> done;
    auto future = done.get_future();
    engine.submit({"visitor", say, "test", ""},
                  [&](Result<Reply> r) { done.set_value(std::move(r)); });
    auto result = future.get();
    ASSERT_TRUE(result) << "line " << n << ": " << result.error().message;
    const Reply& r = result.value();
    const std::string where = GetParam().filename().string() + ":" + std::to_string(n) + " \"" +
                              say + "\" -> [" + r.intent + "/" + r.topic + "] " + r.text;
    if (step.contains("intent")) {
      EXPECT_EQ(r.intent, step["intent"].get<std::string>()) << where;
    }
    if (step.contains("topic")) {
      EXPECT_EQ(r.topic, step["topic"].get<std::string>()) << where;
    }
    for (const auto& s : step.value("contains", nlohmann::json::array())) {
      EXPECT_NE(Lower(r.text).find(Lower(s.get<std::string>())), std::string::npos)
          << where << "\n  lacks: " << s;
    }
    for (const auto& s : step.value("lacks", nlohmann::json::array())) {
      EXPECT_EQ(Lower(r.text).find(Lower(s.get<std::string>())), std::string::npos)
          << where << "\n  has: " << s;
    }
    for (const auto& s : step.value("suggests", nlohmann::json::array())) {
      EXPECT_NE(std::find(r.suggestions.begin(), r.suggestions.end(), s.get<std::string>()),
                r.suggestions.end())
          << where << "\n  no suggestion: " << s;
    }
    if (step.contains("coverage")) {
      EXPECT_EQ(r.coverage, step["coverage"].get<std::string>()) << where;
    }
    if (step.contains("safety")) {
      const std::string expected = step["safety"].get<std::string>();
      EXPECT_EQ(r.safety, expected == "none" ? "" : expected) << where;
    }
    if (step.contains("cited")) {
      EXPECT_EQ(!r.citations.empty(), step["cited"].get<bool>()) << where;
    }
  }
}

std::vector<fs::path> Scripts() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kTests / "dialogues")) {
    if (e.path().extension() == ".jsonl") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Dialogues, DialogueScript, ::testing::ValuesIn(Scripts()),
                         [](const auto& info) {
                           std::string name = info.param.stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace gutbot::bot
