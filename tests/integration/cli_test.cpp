// The `gutbot` commands of the contract, run as a user would: the real binary,
// input on stdin, one JSON object a line on stdout.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/common/rfc3339.h"
#include "bot/engine/conversation_store.h"
#include "bot/engine/message.h"
#include "bot/store/open_store.h"

namespace gutbot::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kRoot = fs::path(GUTBOT_TEST_DATA).parent_path();

struct CommandRun {
  int exit_code = -1;
  std::string out, err;
  std::vector<json> lines() const {
    std::vector<json> v;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) v.push_back(json::parse(line));
    return v;
  }
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `gutbot ARGS` from the repository root with `input` on stdin.
CommandRun Gutbot(const std::string& args, const std::string& input = "") {
  const fs::path dir = fs::temp_directory_path() / ("gutbot-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "in") << input;
  const std::string command = "cd '" + kRoot.string() + "' && '" + GUTBOT_BINARY + "' " + args +
                              " < '" + (dir / "in").string() + "' > '" + (dir / "out").string() +
                              "' 2> '" + (dir / "err").string() + "'";
  CommandRun r;
  const int status = std::system(command.c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(dir / "out");
  r.err = Slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}

TEST(Cli, ClassifyReadsTextAndJsonLinesAndReportsBadLines) {
  const CommandRun r =
      Gutbot("classify", "advil ok?\n{\"text\": \"what is zonulin\"}\n{oops\n{\"text\": 5}\nhi\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = r.lines();
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0]["text"], "advil ok?");
  EXPECT_EQ(lines[1]["intent"], "zonulin");
  for (const char* key : {"intent", "confidence", "alternatives", "entities"}) {
    EXPECT_TRUE(lines[1].contains(key)) << key;
  }
  EXPECT_LE(lines[1]["alternatives"].size(), 3u);
  EXPECT_TRUE(lines[2].contains("error"));
  EXPECT_TRUE(lines[3].contains("error"));
  EXPECT_EQ(lines[4]["intent"], "greeting");
}

TEST(Cli, ClassifyReportsEntitiesWithByteOffsets) {
  const CommandRun r = Gutbot("classify", "does advil give me acne\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json line = r.lines().at(0);
  bool found = false;
  for (const auto& e : line["entities"]) {
    const std::string text = line["text"];
    const auto start = e["start"].get<std::size_t>(), end = e["end"].get<std::size_t>();
    ASSERT_LE(end, text.size());
    if (text.substr(start, end - start) == "advil") found = true;
  }
  EXPECT_TRUE(found) << line.dump();
}

TEST(Cli, ReplayKeepsEachUsersConversation) {
  const CommandRun r = Gutbot("replay",
                              "{\"user\": \"ann\", \"text\": \"what causes leaky gut\"}\n"
                              "{\"user\": \"bob\", \"text\": \"what is zonulin\"}\n"
                              "{\"user\": \"ann\", \"text\": \"and stress?\"}\n"
                              "{\"user\": \"bob\", \"text\": \"tell me more\"}\n"
                              "not json\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = r.lines();
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[2]["topic"], "cause_stress");
  EXPECT_EQ(lines[3]["intent"], "more");
  EXPECT_EQ(lines[3]["topic"], "zonulin");
  EXPECT_EQ(lines[3]["type"], "reply");
  EXPECT_TRUE(lines[4].contains("error"));
}

TEST(Cli, AskAnswersInTextOrJson) {
  const CommandRun text = Gutbot("ask \"how long does healing take\"");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const CommandRun j = Gutbot("ask --json \"how long does healing take\"");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const json reply = j.lines().at(0);
  EXPECT_EQ(reply["intent"], "healing_time");
  // The text form is the same reply's text, on its own: the healing-time
  // answer, not an error, a fallback or the JSON.
  EXPECT_EQ(text.out, reply.value("text", "") + "\n");
  EXPECT_NE(text.out.find("within a few weeks"), std::string::npos) << text.out;
}

TEST(Cli, ExportNluListsTheExamplesByIntent) {
  const CommandRun r = Gutbot("export-nlu");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json nlu = r.lines().at(0);
  EXPECT_GE(nlu["intents"]["zonulin"].size(), 12u);
  EXPECT_GE(nlu["intents"]["out_of_scope"].size(), 12u);
}

TEST(Cli, EvalReportsTheContractFigures) {
  const CommandRun r = Gutbot("eval --errors tests/data/dev_set.jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(r.out);
  for (const char* key : {"accuracy", "in_scope_accuracy", "oos_recall", "false_rejection_rate",
                          "macro_f1", "count", "errors"}) {
    EXPECT_TRUE(report.contains(key)) << key;
  }
}

// A copy of the shipped base with one topic's related list broken.
fs::path BrokenBase() {
  const fs::path dir = fs::temp_directory_path() / ("gutbot-broken-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(kRoot / "knowledge/leaky-gut", dir, fs::copy_options::recursive);
  std::string text = Slurp(dir / "topics/causes.json");
  const std::string from = "\"cause_sleep\", \"cause_antibiotics\"";
  text.replace(text.find(from), from.size(), "\"cause_naps\", \"cause_antibiotics\"");
  std::ofstream(dir / "topics/causes.json") << text;
  return dir;
}

TEST(Cli, KbCheckPassesTheShippedBaseAndPointsAtProblems) {
  const CommandRun ok = Gutbot("kb check");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  const fs::path broken = BrokenBase();
  const CommandRun bad = Gutbot("kb check '" + broken.string() + "'");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("causes.json:"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("related topic 'cause_naps' does not exist"), std::string::npos)
      << bad.out;
  fs::remove_all(broken);
}

TEST(Cli, ServerRefusesABrokenKnowledgeBaseAndSaysWhy) {
  const fs::path broken = BrokenBase();
  const CommandRun r = Gutbot("serve --port 0 --db memory: --kb '" + broken.string() + "'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cause_naps"), std::string::npos) << r.err;
  fs::remove_all(broken);
}

TEST(Cli, ConfigCheckPrintsTheEffectiveConfigurationWithSecretsMasked) {
  ::setenv("GUTBOT_SERVER_IO_THREADS", "3", 1);
  const CommandRun r = Gutbot(
      "config check --port 9000 --set server.admin_token=hunter2 --db "
      "'postgresql://bot:hunter3@db/gutbot'");
  ::unsetenv("GUTBOT_SERVER_IO_THREADS");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  const json& configuration = out["configuration"];
  EXPECT_EQ(configuration["server"]["port"], 9000);
  EXPECT_EQ(configuration["server"]["io_threads"], 3);
  EXPECT_EQ(configuration["server"]["admin_token"], "********");
  EXPECT_EQ(configuration["store"], "postgresql://bot:********@db/gutbot");
  EXPECT_EQ(out["sources"]["server.port"], "--port");
  EXPECT_EQ(out["sources"]["server.io_threads"], "GUTBOT_SERVER_IO_THREADS");
  EXPECT_EQ(out["sources"]["retention_days"], "config/gutbot.json");
  EXPECT_EQ(r.out.find("hunter"), std::string::npos) << r.out;
}

TEST(Cli, ConfigCheckNamesTheBadSetting) {
  const CommandRun r = Gutbot("config check --set server.prot=80");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("--set server.prot: unknown setting"), std::string::npos) << r.err;
  // Issue #20, finding 1: a proxy range that would never match is refused.
  const CommandRun cidr = Gutbot("config check --set server.trusted_proxies=10.0.0.0/33");
  EXPECT_EQ(cidr.exit_code, 1);
  EXPECT_NE(cidr.err.find("--set server.trusted_proxies: "), std::string::npos) << cidr.err;
  EXPECT_NE(cidr.err.find("is not an IP address or CIDR range"), std::string::npos) << cidr.err;
}

// Issue #20, finding 4: a stored text that is not UTF-8 (from an older
// version, or another writer) is exported with U+FFFD, not a crash.
TEST(Cli, ExportReplacesInvalidUtf8) {
  const fs::path db =
      fs::temp_directory_path() / ("gutbot-cli-utf8-" + std::to_string(::getpid()) + ".db");
  ASSERT_TRUE(
      bot::OpenStore(bot::StoreOptions(db.string()))
          ->commit(
              {bot::TurnWrite{"ann", "sms", "bad \xff\xfe text", "hello", "{}", "{}", 0, 1000, {}},
               bot::TurnWrite{"ann", "sms", "fine", "hello", "{}", "{}", 1, 2000, {}}}));
  const CommandRun r = Gutbot("export ann --db '" + db.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json exported = json::parse(r.out);
  ASSERT_EQ(exported["turns"].size(), 2u) << r.out;
  EXPECT_EQ(exported["turns"][0]["user"], "bad \xEF\xBF\xBD\xEF\xBF\xBD text");
  EXPECT_EQ(exported["turns"][1]["user"], "fine");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

// Issue #23: the console's figures for operators without a browser, read
// from the store a server wrote; a visitor's invalid UTF-8 (a signed SMS
// body) is replaced, not fatal.
TEST(Cli, ReportGivesTheConsolesFiguresFromTheStore) {
  const fs::path db =
      fs::temp_directory_path() / ("gutbot-cli-report-" + std::to_string(::getpid()) + ".db");
  const CommandRun replayed =
      Gutbot("replay --db '" + db.string() + "'",
             "{\"user\": \"ann\", \"text\": \"is kombucha ok for my gut\"}\n"
             "{\"user\": \"bob\", \"text\": \"what should I eat\"}\n"
             "{\"user\": \"bob\", \"text\": \"there is blood in my stool\"}\n");
  ASSERT_EQ(replayed.exit_code, 0) << replayed.err;
  bot::Reply odd;
  odd.text = "Not covered.";
  odd.intent = "out_of_scope";
  odd.coverage = "none";
  const std::int64_t now = bot::NowUnixMs();
  ASSERT_TRUE(
      bot::OpenStore(bot::StoreOptions(db.string()))
          ->commit({bot::TurnWrite{"cy", "sms", "bad \xff text", odd.text, bot::EncodeReply(odd),
                                   "{}", 0, now, bot::FactsOf(odd)}}));

  const CommandRun text = Gutbot("report --days 7 --db '" + db.string() + "'");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Messages: 4 (answered 2, partly 1, not covered 1); safety replies: 1"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("is kombucha ok for my gut  [partial; nearest: "), std::string::npos)
      << text.out;

  const CommandRun as_json = Gutbot("report --json --days 7 --db '" + db.string() + "'");
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  const json report = json::parse(as_json.out);
  EXPECT_EQ(report["usage"]["per_day"].size(), 7u);
  EXPECT_EQ(report["usage"]["safety"][0]["category"], "emergency");
  ASSERT_EQ(report["unanswered"]["questions"].size(), 2u) << as_json.out;
  EXPECT_EQ(report["unanswered"]["questions"][0]["example"], "bad \xEF\xBF\xBD text");
  EXPECT_EQ(report["unanswered"]["questions"][1]["missing"], json::array({"kombucha"}));
  EXPECT_EQ(Gutbot("report --days 0 --db '" + db.string() + "'").exit_code, 1);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

}  // namespace
}  // namespace gutbot::testing
