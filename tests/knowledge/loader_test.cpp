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
    "examples": ["what is green tea", "green tea?"],
    )" + extra + R"(
  }
]})";
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
  EXPECT_EQ(Problems(), std::vector<std::string>{"topics/a.json:2: missing answer (short) of topic 'green'"});
}

TEST_F(LoaderTest, ReferenceTheSourceDoesNotHave) {
  Write("topics/a.json", Topics(R"("citations": [2, 6])"));
  EXPECT_EQ(Problems(), std::vector<std::string>{
                            "topics/a.json:10: topic 'green': reference 6 is not in the source (1..5)"});
}

TEST_F(LoaderTest, DanglingRelatedTopic) {
  Write("topics/a.json", Topics(R"("citations": [], "related": ["black"])"));
  EXPECT_EQ(Problems(), std::vector<std::string>{
                            "topics/a.json:10: topic 'green': related topic 'black' does not exist"});
}

TEST_F(LoaderTest, TooFewTrainingExamples) {
  options_.min_examples = 3;
  EXPECT_EQ(Problems(), std::vector<std::string>{
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
  EXPECT_EQ(Problems(), (std::vector<std::string>{
                            "topics/a.json:10: citations must hold whole numbers",
                            "topics/a.json:10: related must be a list of strings"}));
}

TEST_F(LoaderTest, MenuMustNameTopics) {
  Write("kb.json", R"({"name": "tea", "intents": ["what"], "source": {"title": "T", "author": "A", "max_reference": 5},
  "phrases": {"welcome": "Hi", "disclaimer": "D", "menu": ["green", "oolong"]}})");
  EXPECT_EQ(Problems(), std::vector<std::string>{"kb.json:2: menu topic 'oolong' does not exist"});
}

TEST_F(LoaderTest, EveryProblemIsListedAtOnce) {
  Write("topics/a.json", Topics(R"("citations": [9], "related": ["nope"])"));
  options_.min_examples = 5;
  EXPECT_EQ(Problems().size(), 3u);
}

TEST_F(LoaderTest, FilesInMemoryLoadAsTheFolderDoes) {
  const auto read = [this](const std::string& name) {
    std::ifstream in(dir_ / name);
    std::stringstream text;
    text << in.rdbuf();
    return SourceFile{name, text.str()};
  };
  KnowledgeBaseFiles files{read("kb.json"), std::nullopt, {read("topics/a.json")}};
  const auto loaded = LoadKnowledgeBase(files, options_);
  ASSERT_TRUE(loaded.problems.empty()) << ToString(loaded.problems[0]);
  EXPECT_EQ(loaded.kb->find("green")->citations, (std::vector<int>{1, 5}));

  files.topics[0].text = R"({"topics": 5})";
  const auto broken = LoadKnowledgeBase(files, options_);
  EXPECT_EQ(broken.kb, nullptr);
  ASSERT_FALSE(broken.problems.empty());
  EXPECT_EQ(ToString(broken.problems[0]), "topics/a.json:0: a topics file needs a \"topics\" list");
}

// Found with fuzz/kb_loader_fuzzer's seeds: a key holding "~" made the JSON
// pointer of its problem throw out of the loader, and one holding "/" pointed
// elsewhere.
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
