#include "bot/common/metrics.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <thread>
#include <vector>

namespace gutbot::bot {
namespace {

// Sample lines of a rendering: "name{labels}" -> value; comments dropped.
std::map<std::string, std::string> Samples(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    out[line.substr(0, space)] = line.substr(space + 1);
  }
  return out;
}

TEST(Metrics, RendersCountersWithHelpTypeAndLabels) {
  Metrics m;
  m.counter("gutbot_messages_total", "Messages.", {{"channel", "ws"}, {"intent", "zonulin"}}).add();
  m.counter("gutbot_messages_total", "Messages.", {{"channel", "ws"}, {"intent", "zonulin"}})
      .add(2);
  const std::string text = m.render();
  EXPECT_NE(
      text.find("# HELP gutbot_messages_total Messages.\n# TYPE gutbot_messages_total counter\n"),
      std::string::npos);
  EXPECT_EQ(Samples(text).at("gutbot_messages_total{channel=\"ws\",intent=\"zonulin\"}"), "3");
}

TEST(Metrics, EscapesLabelValues) {
  Metrics m;
  m.counter("c", "h", {{"reason", "a\"b\\c\nd"}}).add();
  EXPECT_NE(m.render().find("c{reason=\"a\\\"b\\\\c\\nd\"} 1"), std::string::npos);
}

TEST(Metrics, HistogramBucketsAreCumulativeWithSumAndCount) {
  Metrics m;
  Histogram& h = m.histogram("lat_seconds", "Latency.", {0.1, 1});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(5);
  const auto samples = Samples(m.render());
  EXPECT_EQ(samples.at("lat_seconds_bucket{le=\"0.1\"}"), "1");
  EXPECT_EQ(samples.at("lat_seconds_bucket{le=\"1\"}"), "2");
  EXPECT_EQ(samples.at("lat_seconds_bucket{le=\"+Inf\"}"), "3");
  EXPECT_EQ(samples.at("lat_seconds_count"), "3");
  EXPECT_EQ(samples.at("lat_seconds_sum"), "5.55");
}

TEST(Metrics, GaugesAreReadWhenRendered) {
  Metrics m;
  double depth = 3;
  m.gauge("queue_depth", "Depth.", [&depth] { return depth; });
  EXPECT_EQ(Samples(m.render()).at("queue_depth"), "3");
  depth = 7;
  EXPECT_EQ(Samples(m.render()).at("queue_depth"), "7");
}

TEST(Metrics, ANameKeepsItsType) {
  Metrics m;
  m.counter("x", "h");
  EXPECT_THROW(m.histogram("x", "h", {1}), std::logic_error);
}

TEST(Metrics, ConcurrentAddsAreAllCounted) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m] {
      for (int i = 0; i < 10000; ++i) m.counter("n_total", "h", {{"k", "v"}}).add();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(m.counter("n_total", "h", {{"k", "v"}}).value(), 40000);
}

}  // namespace
}  // namespace gutbot::bot
