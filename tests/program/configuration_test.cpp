#include "bot/program/configuration.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "bot/common/settings_table.h"

namespace gutbot::adapters {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ConfigurationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gutbot-config-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    sources_.file = dir_ / "gutbot.json";
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteFile(const std::string& text) { std::ofstream(sources_.file) << text; }
  std::string FileName() const { return sources_.file.string(); }

  // The error LoadConfiguration throws, or "no error".
  std::string ErrorOf() const {
    try {
      LoadConfiguration(sources_);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path dir_;
  ConfigSources sources_;
};

TEST_F(ConfigurationTest, WithoutSourcesEverySettingHasItsDefault) {
  const LoadedConfiguration loaded = LoadConfiguration(sources_);
  EXPECT_EQ(ConfigurationToJson(loaded.configuration), ConfigurationToJson(Configuration{}));
  EXPECT_EQ(loaded.configuration.store, "data/gutbot.db");
  EXPECT_EQ(loaded.configuration.secret_file, "data/secret");
  EXPECT_EQ(loaded.configuration.log.level, bot::LogLevel::kInfo);
  EXPECT_TRUE(loaded.sources.empty());
}

TEST_F(ConfigurationTest, AGivenFileMustExist) {
  sources_.file_required = true;
  EXPECT_EQ(ErrorOf(), FileName() + ": cannot read the file");
}

TEST_F(ConfigurationTest, FileAllowsCommentsAndNamesItselfAsTheSource) {
  WriteFile(R"({
    // the store
    "store": "memory:",
    "log": {"level": "debug"},
    "server": {"port": 9000, "idle_timeout": 60}
  })");
  const LoadedConfiguration loaded = LoadConfiguration(sources_);
  EXPECT_EQ(loaded.configuration.store, "memory:");
  EXPECT_EQ(loaded.configuration.log.level, bot::LogLevel::kDebug);
  EXPECT_EQ(loaded.configuration.server.port, 9000);
  EXPECT_EQ(loaded.configuration.server.idle_timeout, std::chrono::seconds(60));
  EXPECT_EQ(loaded.configuration.server.address, "127.0.0.1");
  const std::map<std::string, std::string> expected{{"log.level", FileName()},
                                                    {"server.idle_timeout", FileName()},
                                                    {"server.port", FileName()},
                                                    {"store", FileName()}};
  EXPECT_EQ(loaded.sources, expected);
}

TEST_F(ConfigurationTest, EnvironmentOverridesTheFileAndFlagsOverrideBoth) {
  WriteFile(
      R"({"store": "file.db", "retention_days": 7, "server": {"port": 9000, "io_threads": 3}})");
  sources_.environment = {{"GUTBOT_STORE", "env.db"}, {"GUTBOT_SERVER_PORT", "9100"}};
  sources_.flags = {{"--port", "server.port", "9200"}, SetFlagOverride("retention_days=1")};
  const LoadedConfiguration loaded = LoadConfiguration(sources_);
  const Configuration& c = loaded.configuration;
  EXPECT_EQ(c.store, "env.db");
  EXPECT_EQ(c.server.port, 9200);
  EXPECT_EQ(c.retention_days, 1u);
  EXPECT_EQ(c.server.io_threads, 3u);
  EXPECT_EQ(loaded.sources.at("store"), "GUTBOT_STORE");
  EXPECT_EQ(loaded.sources.at("server.port"), "--port");
  EXPECT_EQ(loaded.sources.at("retention_days"), "--set retention_days");
  EXPECT_EQ(loaded.sources.at("server.io_threads"), FileName());
}

TEST_F(ConfigurationTest, LaterFlagsWin) {
  sources_.flags = {SetFlagOverride("server.port=1"), SetFlagOverride("server.port=2")};
  EXPECT_EQ(LoadConfiguration(sources_).configuration.server.port, 2);
}

TEST_F(ConfigurationTest, EnvironmentTextIsReadByTheSettingsType) {
  sources_.environment = {
      {"GUTBOT_SERVER_ALLOWED_ORIGINS", " https://a.example ,https://b.example,, "},
      {"GUTBOT_SERVER_MAX_MESSAGES_PER_SECOND", "2.5"},
      {"GUTBOT_SERVER_LOG_MESSAGE_TEXT", "true"},
      {"GUTBOT_SERVER_SHUTDOWN_TIMEOUT", "3"},
      {"GUTBOT_SERVER_ADMIN_TOKEN", "12345"},
      {"GUTBOT_LOG_LEVEL", "warn"},
      {"GUTBOT_CHANNELS_SLACK_BOT_TOKEN", "xoxb-1"},
  };
  const Configuration c = LoadConfiguration(sources_).configuration;
  EXPECT_EQ(c.server.allowed_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_DOUBLE_EQ(c.server.max_messages_per_second, 2.5);
  EXPECT_TRUE(c.server.log_message_text);
  EXPECT_EQ(c.server.shutdown_timeout, std::chrono::seconds(3));
  EXPECT_EQ(c.server.admin_token, "12345");
  EXPECT_EQ(c.log.level, bot::LogLevel::kWarn);
  EXPECT_EQ(c.channels.slack.bot_token, "xoxb-1");
}

TEST_F(ConfigurationTest, SecretVariablesKeepTheirMeaning) {
  sources_.environment = {{"GUTBOT_SECRET", "shared"},
                          {"GUTBOT_SECRET_FILE", "/var/lib/gutbot/secret"}};
  const Configuration c = LoadConfiguration(sources_).configuration;
  EXPECT_EQ(c.secret, "shared");
  EXPECT_EQ(c.secret_file, "/var/lib/gutbot/secret");
}

TEST_F(ConfigurationTest, UnknownVariablesAreReportedEmptyAndForeignOnesIgnored) {
  sources_.environment = {{"GUTBOT_TEST_POSTGRES", "postgresql://localhost/test"},
                          {"GUTBOT_SERVER_PROT", "80"},
                          {"GUTBOT_STORE", ""},
                          {"HOME", "/root"}};
  const LoadedConfiguration loaded = LoadConfiguration(sources_);
  EXPECT_EQ(loaded.unknown_variables,
            (std::vector<std::string>{"GUTBOT_SERVER_PROT", "GUTBOT_TEST_POSTGRES"}));
  EXPECT_EQ(loaded.configuration.store, "data/gutbot.db");
}

TEST_F(ConfigurationTest, FileErrorsNameTheFileAndTheKey) {
  const auto error = [&](const std::string& text) {
    WriteFile(text);
    return ErrorOf();
  };
  EXPECT_EQ(error(R"({"colour": "red"})"), FileName() + ": colour: unknown setting");
  EXPECT_EQ(error(R"({"server": {"prot": 80}})"), FileName() + ": server.prot: unknown setting");
  EXPECT_EQ(error(R"({"server": {"port": "80"}})"),
            FileName() + ": server.port: must be a whole number >= 0");
  EXPECT_EQ(error(R"({"server": 80})"), FileName() + ": server: must be an object");
  EXPECT_EQ(error(R"({"retention_days": -1})"),
            FileName() + ": retention_days: must be a whole number >= 0");
  EXPECT_EQ(error(R"({"log": {"level": "loud"}})"),
            FileName() + ": log.level: must be one of debug, info, warn, error");
  EXPECT_EQ(error(R"({"channels": {"slack": {"bot_token": 1}}})"),
            FileName() + ": channels.slack.bot_token: must be a string");
  EXPECT_EQ(error(R"([])"), FileName() + ": must be an object");
  EXPECT_TRUE(error("{\"store\": }").starts_with(FileName() + ": parse error at line 1, column 11"))
      << ErrorOf();
}

// Found by fuzz/config_fuzzer: a number too large for a double escaped as
// nlohmann's out_of_range, without the file's name.
TEST_F(ConfigurationTest, NumberTooLargeIsAnErrorOfTheFile) {
  WriteFile(R"({"server": {"max_messages_per_second": 1e400}})");
  EXPECT_EQ(ErrorOf(), FileName() + ": number overflow parsing '1e400'");
}

TEST_F(ConfigurationTest, OverrideErrorsNameTheVariableOrFlag) {
  sources_.environment = {{"GUTBOT_SERVER_PORT", "eighty"}};
  EXPECT_EQ(ErrorOf(), "GUTBOT_SERVER_PORT: must be a whole number >= 0");
  sources_.environment = {{"GUTBOT_SERVER_PORT", "70000"}};
  EXPECT_EQ(ErrorOf(), "GUTBOT_SERVER_PORT: is too large");
  sources_.environment = {{"GUTBOT_SERVER_LOG_MESSAGE_TEXT", "yes"}};
  EXPECT_EQ(ErrorOf(), "GUTBOT_SERVER_LOG_MESSAGE_TEXT: must be true or false");
  sources_.environment = {{"GUTBOT_SERVER_HTTP_BURST", "-1"}};
  EXPECT_EQ(ErrorOf(), "GUTBOT_SERVER_HTTP_BURST: must be a number >= 0");
  sources_.environment.clear();
  sources_.flags = {{"--port", "server.port", "1.5"}};
  EXPECT_EQ(ErrorOf(), "--port: must be a whole number >= 0");
  sources_.flags = {SetFlagOverride("server.prot=80")};
  EXPECT_EQ(ErrorOf(), "--set server.prot: unknown setting");
  sources_.flags = {SetFlagOverride("server=80")};
  EXPECT_EQ(ErrorOf(), "--set server: unknown setting");
  EXPECT_THROW(SetFlagOverride("server.port"), std::runtime_error);
}

TEST_F(ConfigurationTest, AnOverrideMayCompleteWhatTheFileLacks) {
  WriteFile(R"({"channels": {"twilio": {"auth_token": "t"}}})");
  EXPECT_EQ(ErrorOf(),
            "channels.twilio.public_url: needed with an auth_token (the URL Twilio calls)");
  sources_.environment = {
      {"GUTBOT_CHANNELS_TWILIO_PUBLIC_URL", "https://bot.example/webhooks/twilio/webhook"}};
  EXPECT_EQ(ErrorOf(), "no error");
}

TEST(Configuration, WritesWhatItReads) {
  Configuration c;
  c.store = "postgresql://bot@db/gutbot";
  c.log.level = bot::LogLevel::kError;
  c.server.port = 1;
  c.server.idle_timeout = std::chrono::seconds(7);
  c.server.trusted_proxies = {"10.0.0.1"};
  c.channels.slack.bot_token = "xoxb";
  c.channels.delivery_ledger_ttl = std::chrono::seconds(9);
  const json written = ConfigurationToJson(c);
  EXPECT_EQ(ConfigurationToJson(ConfigurationFromJson(written)), written);
  EXPECT_EQ(written["server"]["idle_timeout"], 7);
  EXPECT_EQ(written["log"]["level"], "error");
}

void CollectKeys(const json& value, const std::string& path, std::vector<std::string>& keys) {
  if (!value.is_object()) return keys.push_back(path);
  for (const auto& [key, member] : value.items())
    CollectKeys(member, path.empty() ? key : path + "." + key, keys);
}

TEST(Configuration, EverySettingHasItsOwnVariable) {
  std::vector<std::string> keys;
  CollectKeys(ConfigurationToJson(Configuration{}), "", keys);
  std::set<std::string> variables;
  for (const auto& key : keys) variables.insert(EnvironmentVariable(key));
  EXPECT_EQ(variables.size(), keys.size());
  EXPECT_TRUE(variables.contains("GUTBOT_SERVER_ALLOWED_ORIGINS"));
  EXPECT_TRUE(variables.contains("GUTBOT_SECRET"));
}

const fs::path kRoot = fs::path(GUTBOT_TEST_DATA).parent_path();

TEST(Configuration, TheShippedFileWritesTheDefaults) {
  ConfigSources sources;
  sources.file = kRoot / "config/gutbot.json";
  sources.file_required = true;
  EXPECT_EQ(ConfigurationToJson(LoadConfiguration(sources).configuration),
            ConfigurationToJson(Configuration{}));
}

TEST(Configuration, TheReadmeDocumentsEverySetting) {
  std::ifstream in(kRoot / "README.md");
  const std::string readme{std::istreambuf_iterator<char>(in), {}};
  std::vector<std::string> keys;
  CollectKeys(ConfigurationToJson(Configuration{}), "", keys);
  for (const auto& key : keys) {
    EXPECT_NE(readme.find("| `" + key + "` | `" + EnvironmentVariable(key) + "` |"),
              std::string::npos)
        << key;
  }
}

TEST(Configuration, MaskingHidesSecretsAndKeepsTheRest) {
  Configuration c;
  c.secret = "s3cret";
  c.server.admin_token = "admin";
  c.channels.rest.api_key = "key";
  c.channels.slack.signing_secret = "signing";
  c.store = "postgresql://bot:hunter2@db:5432/gutbot?sslmode=require&password=hunter3";
  const json masked = MaskSecrets(ConfigurationToJson(c));
  EXPECT_EQ(masked["secret"], "********");
  EXPECT_EQ(masked["server"]["admin_token"], "********");
  EXPECT_EQ(masked["channels"]["rest"]["api_key"], "********");
  EXPECT_EQ(masked["channels"]["slack"]["signing_secret"], "********");
  EXPECT_EQ(masked["channels"]["slack"]["bot_token"], "") << "unset stays visibly unset";
  EXPECT_EQ(masked["secret_file"], "data/secret") << "a path to a secret is no secret";
  EXPECT_EQ(masked["store"],
            "postgresql://bot:********@db:5432/gutbot?sslmode=require&password=********");
  EXPECT_EQ(masked["server"]["port"], 8080);
  EXPECT_EQ(MaskSecrets({{"store", "postgresql://bot@db/gutbot"}})["store"],
            "postgresql://bot@db/gutbot");
}

TEST(Configuration, EnvironmentMapSplitsAtTheFirstEquals) {
  char a[] = "GUTBOT_SECRET=a=b";
  char b[] = "EMPTY=";
  char* environment[] = {a, b, nullptr};
  const std::map<std::string, std::string> expected{{"EMPTY", ""}, {"GUTBOT_SECRET", "a=b"}};
  EXPECT_EQ(EnvironmentMap(environment), expected);
}

}  // namespace
}  // namespace gutbot::adapters
