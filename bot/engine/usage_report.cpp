#include "bot/engine/usage_report.h"

#include <algorithm>
#include <map>

namespace gutbot::bot {
namespace {

constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;
constexpr std::size_t kTopIntents = 10;

// [{name_key: name, "count": n}], most first (then by name).
nlohmann::json Ranked(const std::map<std::string, std::int64_t>& counts, const char* name_key,
                      std::size_t limit) {
  std::vector<std::pair<std::string, std::int64_t>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (ranked.size() > limit) ranked.resize(limit);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, n] : ranked) out.push_back({{name_key, name}, {"count", n}});
  return out;
}

// Adds `n` to a count in a JSON object, absent counting as 0.
void AddTo(nlohmann::json& count, std::int64_t n) {
  count = (count.is_null() ? 0 : count.get<std::int64_t>()) + n;
}

}  // namespace

std::string FirstReportDay(int days, std::int64_t now_unix_ms) {
  return UtcDay(now_unix_ms - static_cast<std::int64_t>(std::max(days, 1) - 1) * kDayMs);
}

nlohmann::json UsageReport(const std::vector<DailyCount>& counts, int days,
                           std::int64_t now_unix_ms) {
  days = std::max(days, 1);
  const std::string from = FirstReportDay(days, now_unix_ms);
  const std::string to = UtcDay(now_unix_ms);
  // Every day of the range, zeros included, so that a chart has no gaps.
  std::map<std::string, nlohmann::json> per_day;
  for (int i = days - 1; i >= 0; --i) {
    per_day[UtcDay(now_unix_ms - i * kDayMs)] = {
        {"messages", 0},
        {"coverage", {{"full", 0}, {"partial", 0}, {"none", 0}}},
        {"safety", nlohmann::json::object()}};
  }
  std::map<std::string, std::int64_t> intents, channels, safety;
  std::int64_t messages = 0, with_safety = 0;
  std::map<std::string, std::int64_t> coverage{{"full", 0}, {"partial", 0}, {"none", 0}};
  for (const DailyCount& c : counts) {
    const auto day = per_day.find(c.day);
    if (day == per_day.end()) continue;
    nlohmann::json& d = day->second;
    const std::string& covered = c.coverage.empty() ? "none" : c.coverage;
    AddTo(d["messages"], c.count);
    AddTo(d["coverage"][covered], c.count);
    coverage[covered] += c.count;
    if (!c.safety.empty()) {
      AddTo(d["safety"][c.safety], c.count);
      safety[c.safety] += c.count;
      with_safety += c.count;
    }
    intents[c.intent] += c.count;
    channels[c.channel] += c.count;
    messages += c.count;
  }
  nlohmann::json days_list = nlohmann::json::array();
  for (auto& [day, d] : per_day) {
    d["day"] = day;
    days_list.push_back(std::move(d));
  }
  nlohmann::json totals = {{"messages", messages}, {"safety", with_safety}};
  for (const auto& [name, n] : coverage) totals[name] = n;
  return {{"days", days},
          {"from", from},
          {"to", to},
          {"per_day", std::move(days_list)},
          {"intents", Ranked(intents, "intent", kTopIntents)},
          {"channels", Ranked(channels, "channel", channels.size())},
          {"safety", Ranked(safety, "category", safety.size())},
          {"totals", std::move(totals)}};
}

}  // namespace gutbot::bot
