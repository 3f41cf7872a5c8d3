#include "bot/common/log.h"

#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <string>

namespace gutbot::bot {
namespace {

// The lines LogEvent writes to stderr while `log` runs.
std::string Logged(const std::function<void()>& log) {
  ::testing::internal::CaptureStderr();
  log();
  return ::testing::internal::GetCapturedStderr();
}

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override { SetLogThreshold(LogLevel::kInfo); }
};

TEST_F(LogTest, ALineIsOneJsonObjectOpeningWithTimeLevelAndEvent) {
  const std::string line = Logged([] { LogEvent(LogLevel::kWarn, "disk_full", {{"free", 0}}); });
  EXPECT_TRUE(std::regex_match(
      line,
      std::regex(
          R"(\{"ts":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","level":"warn","event":"disk_full","free":0\}\n)")))
      << line;
}

TEST_F(LogTest, LinesBelowTheThresholdAreDropped) {
  SetLogThreshold(LogLevel::kWarn);
  const std::string lines = Logged([] {
    LogEvent(LogLevel::kDebug, "a");
    LogEvent(LogLevel::kInfo, "b");
    LogEvent(LogLevel::kWarn, "c");
    LogEvent(LogLevel::kError, "d");
  });
  EXPECT_EQ(lines.find("\"a\""), std::string::npos);
  EXPECT_EQ(lines.find("\"b\""), std::string::npos);
  EXPECT_NE(lines.find("\"event\":\"c\""), std::string::npos);
  EXPECT_NE(lines.find("\"event\":\"d\""), std::string::npos);
  SetLogThreshold(LogLevel::kDebug);
  EXPECT_NE(Logged([] { LogEvent(LogLevel::kDebug, "e"); }).find("\"event\":\"e\""),
            std::string::npos);
}

TEST(LogLevel, NamesReadBack) {
  for (const LogLevel level :
       {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    EXPECT_EQ(LogLevelFromName(LogLevelName(level)), level);
  }
  EXPECT_FALSE(LogLevelFromName("loud"));
}

}  // namespace
}  // namespace gutbot::bot
