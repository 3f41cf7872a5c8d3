#include "adapters/server/log_summary.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace gutbot::adapters {
namespace {

using Clock = LogSummary::Clock;

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(LogSummary, AFloodIsOneLineNowAndOneCountedLinePerInterval) {
  LogSummary summary(std::chrono::seconds(10));
  const Clock::time_point t0{};
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 1000; ++i)
    summary.note(bot::LogLevel::kWarn, "webhook_refused", {{"code", "unauthorized"}}, t0);
  summary.note(bot::LogLevel::kWarn, "webhook_refused", {{"code", "stale_request"}}, t0);
  summary.flush(t0 + std::chrono::seconds(9));  // the interval is not over: nothing
  summary.flush(t0 + std::chrono::seconds(10));
  summary.flush(t0 + std::chrono::seconds(20));  // quiet since: nothing, and forgotten
  summary.note(bot::LogLevel::kWarn, "webhook_refused", {{"code", "unauthorized"}},
               t0 + std::chrono::seconds(21));
  const auto lines = Lines(::testing::internal::GetCapturedStderr());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["code"], "unauthorized");
  EXPECT_EQ(lines[0]["count"], 1);
  EXPECT_EQ(lines[1]["code"], "stale_request");
  EXPECT_EQ(lines[2]["code"], "unauthorized");
  EXPECT_EQ(lines[2]["count"], 999);
  EXPECT_EQ(lines[3]["count"], 1);
}

TEST(LogSummary, ShutdownWritesWhatIsCountedAndManyKindsAreFolded) {
  LogSummary summary(std::chrono::seconds(10));
  const Clock::time_point t0{};
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 1000; ++i)
    summary.note(bot::LogLevel::kWarn, "ws_read_failed", {{"error", std::to_string(i)}}, t0);
  summary.flush(t0, /*all=*/true);
  const auto lines = Lines(::testing::internal::GetCapturedStderr());
  ASSERT_LT(lines.size(), 300u);
  EXPECT_EQ(lines.back()["event"], "log_lines_folded");
  EXPECT_EQ(lines.back()["count"].get<int>() + static_cast<int>(lines.size()) - 1, 1000);
}

}  // namespace
}  // namespace gutbot::adapters
