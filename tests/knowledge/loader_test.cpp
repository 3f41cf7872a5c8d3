#include "knowledge/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gutbot::knowledge {
namespace {

namespace fs = std::filesystem;

// A small valid base written to a fresh folder; each test breaks one thing.
class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gutbot-kb-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "topics");
    Write("kb.json", R"({
  "name": "tea",
  "intents": ["what"],
  "source": {"title": "All About Tea", "author": "A. Writer", "max_reference": 5},
  "phrases": {"welcome": "Hi", "disclaimer": "Not advice.", "menu": ["green"]}
})");
    Write("topics/a.json", Topics(R"("citations": [1, 5], "related": ["green"])"));
    options_.conversation_intents = {"out_of_scope"};
    options_.min_examples = 2;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Topics(const std::string& extra) {
    return R"({"topics": [
  {
    "id": "green",
    "intent": "what",
    "title": "Green tea",
    "short": "Unfermented tea.",
    "detail": "Steamed or pan-fired leaves.",
    "suggestions": ["What is black tea?", "Is it healthy?"],
    "examples": ["what is green tea", "green tea?"], "must_mention": ["unfermented"],
    )" + extra +
           R"(
  }
]})";
  }

  // kb.json with the source's address, one companion page ("brewing", its
  // other fields `companion_fields`) and a note on references 2 and `note_on`.
  void WriteManifestWithLinks(const std::string& url, const std::string& companion_fields,
                              int note_on) {
    Write("kb.json", R"({
  "name": "tea", "intents": ["what"],
  "source": {"title": "All About Tea", "author": "A. Writer", "max_reference": 5,
             "url": ")" + url +
                         R"(",
             "companions": {"brewing": {"title": "Brewing Tea")" +
                         (companion_fields.empty() ? "" : ", " + companion_fields) + R"(}},
             "reference_notes": [{"references": [2, )" +
                         std::to_string(note_on) +
                         R"(], "note": "Reused numbers."}]},
  "phrases": {"welcome": "Hi", "disclaimer": "Not advice.", "menu": ["green"]}
})");
  }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }

  std::vector<std::string> Problems() {
    std::vector<std::string> out;
    for (const auto& p : LoadKnowledgeBase(dir_, options_).problems) {
      out.push_back(ToString(p).substr(dir_.string().size() + 1));
    }
    return out;
  }

  fs::path dir_;
  LoadOptions options_;
};

TEST_F(LoaderTest, LoadsAValidBase) {
  auto result = LoadKnowledgeBase(dir_, options_);
  ASSERT_TRUE(result.problems.empty()) << ToString(result.problems[0]);
  ASSERT_NE(result.kb, nullptr);
  EXPECT_EQ(result.kb->name, "tea");
  ASSERT_NE(result.kb->find("green"), nullptr);
  EXPECT_EQ(result.kb->find("green")->citations, (std::vector<int>{1, 5}));
  EXPECT_EQ(result.kb->first_of_intent("what")->id, "green");
}

TEST_F(LoaderTest, InvalidJsonNamesTheLine) {
  Write("topics/a.json", "{\"topics\": [\n  {\"id\": \"green\",\n  oops\n]}");
  const auto problems = Problems();
  ASSERT_FALSE(problems.empty());
  EXPECT_TRUE(problems[0].starts_with("topics/a.json:3: invalid JSON")) << problems[0];
  // The topic it held is missing, so the menu that names it is reported too.
  EXPECT_EQ(problems.back(), "kb.json:5: menu topic 'green' does not exist");
}

TEST_F(LoaderTest, UnknownIntentId) {
  Write("topics/a.json", Topics(R"("citations": [], "related": [])"));
  std::string text = Topics(R"("citations": [], "related": [])");
  text.replace(text.find("\"what\""), 6, "\"whatever\"");
  Write("topics/a.json", text);
  EXPECT_EQ(Problems(), std::vector<std::string>{
                            "topics/a.json:4: topic 'green': unknown intent id 'whatever'"});
}

TEST_F(LoaderTest, DuplicateTopicIdAcrossFiles) {
  Write("topics/b.json", Topics(R"("citations": [])"));
  EXPECT_EQ(Problems(), std::vector<std::string>{"topics/b.json:3: duplicate topic id 'green'"});
}

TEST_F(LoaderTest, MissingAnswer) {
  std::string text = Topics(R"("citations": [])");
  text.erase(text.find("\"short\""), std::string("\"short\": \"Unfermented tea.\",").size());
  Write("topics/a.json", text);
  EXPECT_EQ(Problems(),
            std::vector<std::string>{"topics/a.json:2: missing answer (short) of topic 'green'"});
}

TEST_F(LoaderTest, ReferenceTheSourceDoesNotHave) {
  Write("topics/a.json", Topics(R"("citations": [2, 6])"));
  EXPECT_EQ(Problems(),
            std::vector<std::string>{
                "topics/a.json:10: topic 'green': reference 6 is not in the source (1..5)"});
}

TEST_F(LoaderTest, DanglingRelatedTopic) {
  Write("topics/a.json", Topics(R"("citations": [], "related": ["black"])"));
  EXPECT_EQ(Problems(),
            std::vector<std::string>{
                "topics/a.json:10: topic 'green': related topic 'black' does not exist"});
}

TEST_F(LoaderTest, TooFewTrainingExamples) {
  options_.min_examples = 3;
  EXPECT_EQ(Problems(),
            std::vector<std::string>{
                "topics/a.json:9: topic 'green': 2 training examples, needs at least 3"});
}

TEST_F(LoaderTest, DomainTopicNeedsCitationsField) {
  Write("topics/a.json", Topics(R"("related": [])"));
  EXPECT_EQ(Problems(), std::vector<std::string>{
                            "topics/a.json:2: topic 'green': missing citations (use [] when the "
                            "source cites none)"});
}

TEST_F(LoaderTest, WrongTypesAreReportedNotThrown) {
  Write("topics/a.json", Topics(R"("citations": ["one"], "related": "green")"));
  EXPECT_EQ(Problems(),
            (std::vector<std::string>{"topics/a.json:10: citations must hold whole numbers",
                                      "topics/a.json:10: related must be a list of strings"}));
}

TEST_F(LoaderTest, MenuMustNameTopics) {
  Write(
      "kb.json",
      R"({"name": "tea", "intents": ["what"], "source": {"title": "T", "author": "A", "max_reference": 5},
  "phrases": {"welcome": "Hi", "disclaimer": "D", "menu": ["green", "oolong"]}})");
  EXPECT_EQ(Problems(), std::vector<std::string>{"kb.json:2: menu topic 'oolong' does not exist"});
}

TEST_F(LoaderTest, EveryProblemIsListedAtOnce) {
  Write("topics/a.json", Topics(R"("citations": [9], "related": ["nope"])"));
  options_.min_examples = 5;
  EXPECT_EQ(Problems().size(), 3u);
}

TEST_F(LoaderTest, SafetyExamplesAreOptionalAndCheckedLineByLine) {
  EXPECT_TRUE(LoadKnowledgeBase(dir_, options_).kb->safety_examples.empty());
  Write("safety_examples.jsonl",
        "{\"text\": \"i want to end it all\", \"safety\": \"self_harm\"}\n\n"
        "{\"text\": \"nice weather\", \"safety\": \"none\", \"calibrates\": false}\n");
  const auto loaded = LoadKnowledgeBase(dir_, options_);
  ASSERT_TRUE(loaded.kb);
  ASSERT_EQ(loaded.kb->safety_examples.size(), 2u);
  EXPECT_EQ(loaded.kb->safety_examples[0].safety, "self_harm");
  EXPECT_TRUE(loaded.kb->safety_examples[0].calibrates);
  EXPECT_EQ(loaded.kb->safety_examples[1].text, "nice weather");
  EXPECT_FALSE(loaded.kb->safety_examples[1].calibrates);

  Write("safety_examples.jsonl",
        "{\"text\": \"fine\", \"safety\": \"none\"}\n"
        "{\"text\": \"help\", \"safety\": \"panic\"}\n"
        "{\"safety\": \"none\"}\n"
        "not json\n"
        "{\"text\": \"bye\", \"safety\": \"none\", \"calibrates\": \"no\"}\n");
  const std::string path = "safety_examples.jsonl";
  EXPECT_EQ(Problems(),
            (std::vector<std::string>{
                path + ":2: a safety example's \"safety\" must be a safety category or \"none\"",
                path + ":3: a safety example needs its \"text\"",
                path + ":4: a safety example must be one JSON object a line",
                path + ":5: a safety example's \"calibrates\" must be true or false"}));
}

TEST_F(LoaderTest, FilesInMemoryLoadAsTheFolderDoes) {
  const auto read = [this](const std::string& name) {
    std::ifstream in(dir_ / name);
    std::stringstream text;
    text << in.rdbuf();
    return SourceFile{name, text.str()};
  };
  KnowledgeBaseFiles files{
      read("kb.json"), std::nullopt, {read("topics/a.json")}, std::nullopt, std::nullopt};
  const auto loaded = LoadKnowledgeBase(files, options_);
  ASSERT_TRUE(loaded.problems.empty()) << ToString(loaded.problems[0]);
  EXPECT_EQ(loaded.kb->find("green")->citations, (std::vector<int>{1, 5}));

  files.topics[0].text = R"({"topics": 5})";
  const auto broken = LoadKnowledgeBase(files, options_);
  EXPECT_EQ(broken.kb, nullptr);
  ASSERT_FALSE(broken.problems.empty());
  EXPECT_EQ(ToString(broken.problems[0]), "topics/a.json:0: a topics file needs a \"topics\" list");
}

// A valid safety.json: one concept pair, a group rule, their texts.
const char* const kSafety = R"({
  "window": 8,
  "negation": {"cues": ["no"], "reach": 2, "unnegated": ["despair"]},
  "concepts": {"blood": ["blood"], "stool": ["stool"], "despair": ["no reason to live"], "kid": ["child"]},
  "quantities": [{"concept": "fever", "units": ["c"], "min": 39, "max": 45}],
  "cancels": [{"by": "fever", "cancels": "kid", "before": 1}],
  "rules": [
    {"name": "blood_in_stool", "category": "emergency", "all": ["blood", ["stool", "fever"]]},
    {"name": "despair", "category": "self_harm", "all": ["despair"]},
    {"name": "child", "category": "caution", "group": "child", "all": ["kid"], "unless_window": 2}
  ],
  "replies": {"emergency": "Get help now.", "self_harm": "Call {crisis_line}."},
  "group_notes": {"child": "Ask a paediatrician."},
  "crisis_line": "a crisis line"
})";

TEST_F(LoaderTest, LoadsSafetyRules) {
  Write("safety.json", kSafety);
  const auto result = LoadKnowledgeBase(dir_, options_);
  ASSERT_TRUE(result.problems.empty()) << ToString(result.problems[0]);
  const SafetyRules& safety = result.kb->safety;
  EXPECT_EQ(safety.window, 8);
  EXPECT_EQ(safety.negation_reach, 2);
  EXPECT_EQ(safety.unnegated, std::vector<std::string>{"despair"});
  ASSERT_EQ(safety.rules.size(), 3U);
  EXPECT_EQ(safety.rules[0].all,
            (std::vector<std::vector<std::string>>{{"blood"}, {"stool", "fever"}}));
  EXPECT_EQ(safety.rules[2].group, "child");
  EXPECT_EQ(safety.rules[2].unless_window, 2);
  ASSERT_EQ(safety.quantities.size(), 1U);
  EXPECT_EQ(safety.quantities[0].min, 39);
  EXPECT_EQ(safety.cancels[0].before, 1);
  EXPECT_EQ(safety.replies.at("self_harm"), "Call {crisis_line}.");
  EXPECT_EQ(safety.group_notes.at("child"), "Ask a paediatrician.");
  EXPECT_EQ(safety.crisis_line, "a crisis line");
}

TEST_F(LoaderTest, ABaseWithoutSafetyRulesHasNone) {
  const auto result = LoadKnowledgeBase(dir_, options_);
  ASSERT_NE(result.kb, nullptr);
  EXPECT_TRUE(result.kb->safety.rules.empty());
}

TEST_F(LoaderTest, SafetyProblemsNameTheirLine) {
  std::string text = kSafety;
  const auto replace = [&text](const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
  };
  replace(R"("all": ["despair"])", R"("all": ["despare"])");        // line 9
  replace(R"("category": "caution")", R"("category": "warning")");  // line 10
  replace(R"("min": 39, "max": 45)", R"("min": 45, "max": 39)");    // line 5
  replace(R"("group_notes": {"child": "Ask a paediatrician."})", R"("group_notes": {})");
  replace(R"("crisis_line": "a crisis line")", R"("crisis_line": "")");
  Write("safety.json", text);
  const auto problems = Problems();
  const auto has = [&problems](const std::string& problem) {
    return std::find(problems.begin(), problems.end(), problem) != problems.end();
  };
  EXPECT_TRUE(has("safety.json:5: a quantity's min is above its max"));
  EXPECT_TRUE(has("safety.json:9: unknown concept 'despare'"));
  EXPECT_TRUE(has("safety.json:10: rule 'child': unknown category 'warning'"));
  EXPECT_TRUE(has("safety.json:10: no note for group 'child' (add it to \"group_notes\")"));
  EXPECT_TRUE(has(
      "safety.json:12: the self_harm reply names {crisis_line} but there is no \"crisis_line\""));
  EXPECT_EQ(problems.size(), 5U) << ::testing::PrintToString(problems);
}

TEST_F(LoaderTest, SafetyRuleNeedsARepliedCategoryAndConcepts) {
  std::string text = kSafety;
  text.replace(text.find(R"("emergency": "Get help now.", )"), 30, "");
  text.replace(text.find(R"("all": ["blood", ["stool", "fever"]])"), 36, R"("all": [])");
  Write("safety.json", text);
  const auto problems = Problems();
  const auto has = [&problems](const std::string& problem) {
    return std::find(problems.begin(), problems.end(), problem) != problems.end();
  };
  EXPECT_TRUE(has(
      "safety.json:8: rule 'blood_in_stool' needs \"all\": a list of concepts that must co-occur"));
  EXPECT_TRUE(has("safety.json:8: no reply for category 'emergency' (add it to \"replies\")"));
}

// Found with fuzz/kb_loader_fuzzer's seeds: a key holding "~" made the JSON
// pointer of its problem throw out of the loader, and one holding "/" pointed
// elsewhere.
TEST_F(LoaderTest, ShortAnswerMustNameItsFacts) {
  Write("topics/a.json",
        Topics(R"("citations": [], "must_mention": ["unfermented", "steamed|pan-fired", "tea"])"));
  // Whole words only: "tea" is named, "steam" inside "steamed" would not be.
  EXPECT_EQ(
      Problems(),
      (std::vector<std::string>{
          "topics/a.json:10: topic 'green': the short answer does not name 'steamed|pan-fired'"}));
}

TEST_F(LoaderTest, DomainTopicDeclaresWhatItsShortAnswerNames) {
  Write("topics/a.json", Topics(R"("citations": [], "must_mention": [])"));
  EXPECT_EQ(Problems(),
            (std::vector<std::string>{
                "topics/a.json:2: topic 'green': declares no must_mention (the facts its short "
                "answer names)"}));
}

TEST_F(LoaderTest, ShortAnswerStaysWithinItsWordBudget) {
  Write("kb.json", R"({
  "name": "tea", "intents": ["what"], "short_max_words": 1,
  "source": {"title": "All About Tea", "author": "A. Writer", "max_reference": 5},
  "phrases": {"welcome": "Hi", "disclaimer": "Not advice.", "menu": ["green"]}
})");
  EXPECT_EQ(Problems(), (std::vector<std::string>{
                            "topics/a.json:6: topic 'green': short answer of 2 words, more than "
                            "short_max_words (1)"}));
}

TEST_F(LoaderTest, LinksAndReferenceNotesAreChecked) {
  WriteManifestWithLinks("javascript:void", R"("url": "")", 9);
  Write("topics/a.json", Topics(R"("citations": [], "companions": ["brewing", "storing"])"));
  EXPECT_EQ(Problems(),
            (std::vector<std::string>{
                "kb.json:4: source url must be empty or an http(s) address",
                "topics/a.json:10: topic 'green': companion 'storing' is not in kb.json's source "
                "companions",
                "kb.json:6: reference note: reference 9 is not in the source"}));
}

TEST_F(LoaderTest, KindsOfThingsLeadToTopics) {
  Write("lexicon.json", R"({"kinds": {"drink": "green", "food": "black"}})");
  EXPECT_EQ(Problems(), (std::vector<std::string>{
                            "lexicon.json:1: kinds: topic 'black' for kind food does not exist"}));
  Write("lexicon.json", R"({"kinds": {"snack": "green"}})");
  EXPECT_EQ(Problems(), (std::vector<std::string>{
                            "lexicon.json:1: kinds: 'snack' is not a kind of thing the engine "
                            "knows (food, drink, supplement, exercise)"}));
  Write("lexicon.json", R"({"kinds": {"drink": "green"}})");
  const auto result = LoadKnowledgeBase(dir_, options_);
  ASSERT_NE(result.kb, nullptr) << ToString(result.problems.at(0));
  EXPECT_EQ(result.kb->lexicon.kinds.at("drink"), "green");
}

TEST_F(LoaderTest, CompanionLinksLoad) {
  WriteManifestWithLinks("https://example.org/tea", "", 3);
  Write("topics/a.json", Topics(R"("citations": [], "companions": ["brewing"])"));
  const auto result = LoadKnowledgeBase(dir_, options_);
  ASSERT_NE(result.kb, nullptr) << ToString(result.problems.at(0));
  EXPECT_EQ(result.kb->source.url, "https://example.org/tea");
  EXPECT_EQ(result.kb->source.companions.at("brewing").title, "Brewing Tea");
  EXPECT_EQ(result.kb->source.companions.at("brewing").url, "");
  EXPECT_EQ(result.kb->source.reference_notes.at(0).references, (std::vector<int>{2, 3}));
  EXPECT_EQ(result.kb->find("green")->companions, (std::vector<std::string>{"brewing"}));
}

TEST_F(LoaderTest, SectionsLoadInTheirOrder) {
  Write("kb.json", R"({
  "name": "tea", "intents": ["what"],
  "source": {"title": "All About Tea", "author": "A. Writer", "max_reference": 5},
  "sections": [{"id": "kinds", "title": "Kinds of tea"}],
  "phrases": {"welcome": "Hi", "disclaimer": "Not advice.", "menu": ["green"]}
})");
  Write("topics/a.json",
        Topics(R"("citations": [], "section": "kinds", "question": "What is green tea?")"));
  const auto result = LoadKnowledgeBase(dir_, options_);
  ASSERT_NE(result.kb, nullptr) << ToString(result.problems.at(0));
  ASSERT_EQ(result.kb->sections.size(), 1u);
  EXPECT_EQ(result.kb->sections[0].title, "Kinds of tea");
  EXPECT_EQ(result.kb->find("green")->section, "kinds");
  EXPECT_EQ(result.kb->find("green")->question, "What is green tea?");
}

TEST_F(LoaderTest, SectionsAreCheckedAgainstTheTopics) {
  Write("kb.json", R"({
  "name": "tea", "intents": ["what"],
  "source": {"title": "All About Tea", "author": "A. Writer", "max_reference": 5},
  "sections": [{"id": "kinds", "title": "Kinds of tea"}, {"id": "kinds", "title": "Again"},
               {"id": "brewing", "title": "Brewing"}],
  "phrases": {"welcome": "Hi", "disclaimer": "Not advice.", "menu": ["green"]}
})");
  Write("topics/a.json", Topics(R"("citations": [])"));
  EXPECT_EQ(
      Problems(),
      (std::vector<std::string>{
          "kb.json:4: duplicate section id 'kinds'",
          "topics/a.json:2: topic 'green': needs its \"section\" (kb.json lists them)",
          "kb.json:4: section 'kinds' has no topic", "kb.json:5: section 'brewing' has no topic"}));
  Write("topics/a.json", Topics(R"("citations": [], "section": "steeping")"));
  EXPECT_EQ(Problems()[1],
            "topics/a.json:10: topic 'green': section 'steeping' is not in kb.json's sections");
}

TEST(LoadKnowledgeBaseFiles, KeysWithPointerCharactersAreReportedNotThrown) {
  KnowledgeBaseFiles files;
  files.manifest = {"kb.json", R"({"name": "x", "intents": ["a"],
    "phrases": {"templates": {"a/b~c": 1}}})"};
  files.lexicon = SourceFile{"lexicon.json", R"({"synonyms": {"~": 5},
    "entities": {"t/~": {"v~1": 3}}})"};
  std::vector<std::string> problems;
  for (const auto& p : LoadKnowledgeBase(files, {}).problems) problems.push_back(ToString(p));
  const auto has = [&problems](const std::string& problem) {
    return std::find(problems.begin(), problems.end(), problem) != problems.end();
  };
  EXPECT_TRUE(has("kb.json:2: template a/b~c must be a string"));
  EXPECT_TRUE(has("lexicon.json:1: synonyms of ~ must be a list of strings"));
  EXPECT_TRUE(has("lexicon.json:2: surface forms of v~1 must be a list of strings"));
}

}  // namespace
}  // namespace gutbot::knowledge
