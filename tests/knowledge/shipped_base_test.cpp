// Checks on the shipped leaky-gut knowledge base as data: it passes the
// schema check, every answer is in our own words, no answer diagnoses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "intents/intent_ids.h"
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

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string w;
  for (unsigned char c : text) {
    // Curly apostrophes (U+2019, bytes E2 80 99) count as part of a word.
    if (std::isalnum(c) || c == '\'') {
      w += static_cast<char>(std::tolower(c));
    } else if (c >= 0x80) {
      continue;
    } else if (!w.empty()) {
      words.push_back(w), w.clear();
    }
  }
  if (!w.empty()) words.push_back(w);
  for (auto& word : words) std::erase(word, '\'');
  return words;
}

TEST(ShippedBase, PassesTheSchemaCheck) {
  auto result = LoadKnowledgeBase(kRoot / "knowledge/leaky-gut", ContractOptions());
  for (const auto& p : result.problems) ADD_FAILURE() << ToString(p);
  EXPECT_NE(result.kb, nullptr);
}

TEST(ShippedBase, DeclaresExactlyTheContractIntents) {
  auto kb = Shipped();
  ASSERT_NE(kb, nullptr);
  EXPECT_EQ(kb->domain_intents,
            std::vector<std::string>(intents::kDomainIntents.begin(), intents::kDomainIntents.end()));
}

TEST(ShippedBase, EveryContractIntentHasATopic) {
  auto kb = Shipped();
  ASSERT_NE(kb, nullptr);
  for (auto id : intents::kDomainIntents) EXPECT_NE(kb->first_of_intent(std::string(id)), nullptr) << id;
  for (auto id : intents::kConversationIntents) {
    EXPECT_NE(kb->first_of_intent(std::string(id)), nullptr) << id;
  }
}

// The article's facts carry over, its sentences do not: no run of eight words
// of any answer, title, suggestion or example stands in the article.
TEST(ShippedBase, AnswersAreInOurOwnWords) {
  auto kb = Shipped();
  ASSERT_NE(kb, nullptr);
  const fs::path article = kRoot.parent_path() / "shared/source/leaky-gut-article.txt";
  std::ifstream in(article);
  if (!in) GTEST_SKIP() << "the source article is not beside the checkout: " << article;
  std::stringstream text;
  text << in.rdbuf();
  const auto source = Words(text.str());
  std::set<std::vector<std::string>> grams;
  for (std::size_t i = 0; i + 8 <= source.size(); ++i) grams.emplace(source.begin() + i, source.begin() + i + 8);

  auto check = [&](const std::string& where, const std::string& s) {
    const auto w = Words(s);
    for (std::size_t i = 0; i + 8 <= w.size(); ++i) {
      std::vector<std::string> g(w.begin() + i, w.begin() + i + 8);
      if (grams.count(g)) {
        std::string run;
        for (auto& x : g) run += x + " ";
        ADD_FAILURE() << where << " shares with the article: \"" << run << "\"";
      }
    }
  };
  for (const auto& t : kb->topics) {
    check(t.id + " short", t.short_answer);
    check(t.id + " detail", t.detail);
    check(t.id + " title", t.title);
    for (const auto& s : t.suggestions) check(t.id + " suggestion", s);
    for (const auto& e : t.examples) check(t.id + " example", e);
  }
  check("welcome", kb->phrases.welcome);
  check("disclaimer", kb->phrases.disclaimer);
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
