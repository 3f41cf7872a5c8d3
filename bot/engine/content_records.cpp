#include "bot/engine/content_records.h"

#include <nlohmann/json.hpp>

#include "bot/common/rfc3339.h"
#include "bot/engine/conversation_store.h"
#include "bot/engine/message.h"

namespace gutbot::bot {

TurnFacts FactsOf(const Reply& reply) {
  return {reply.intent, reply.coverage, reply.safety,
          reply.topic.empty() ? reply.nearest_topic : reply.topic, reply.missing};
}

TurnFacts StoredFacts(const std::string& reply_json) {
  const std::optional<Reply> reply =
      ReplyFromJson(nlohmann::json::parse(reply_json, nullptr, false));
  return reply ? FactsOf(*reply) : TurnFacts{};
}

std::string UtcDay(std::int64_t unix_ms) { return Rfc3339(unix_ms).substr(0, 10); }

void DailyCounter::add(std::int64_t at_unix_ms, const std::string& channel,
                       const TurnFacts& facts) {
  add({UtcDay(at_unix_ms), facts.intent, channel, facts.coverage, facts.safety, 1});
}

void DailyCounter::add(const DailyCount& count) {
  const Key key{count.day, count.intent, count.channel, count.coverage, count.safety};
  const std::int64_t n = (counts_[key] += count.count);
  if (n <= 0) counts_.erase(key);
}

void DailyCounter::erase_through(const std::string& day) {
  // Keys order by day first: every day up to `day` comes before the first
  // key of the next day, which is (day + "\x01", "", ...) at the lowest.
  counts_.erase(counts_.begin(), counts_.lower_bound(Key{day + '\x01', "", "", "", ""}));
}

std::vector<DailyCount> DailyCounter::counts(const std::string& from_day) const {
  std::vector<DailyCount> out;
  for (auto it = counts_.lower_bound(Key{from_day, "", "", "", ""}); it != counts_.end(); ++it) {
    const auto& [day, intent, channel, coverage, safety] = it->first;
    out.push_back({day, intent, channel, coverage, safety, it->second});
  }
  return out;
}

std::vector<DailyCount> Uncounted(const std::vector<TurnRecord>& turns) {
  DailyCounter counter;
  for (const TurnRecord& t : turns) counter.add(t.at_unix_ms, t.channel, StoredFacts(t.reply));
  std::vector<DailyCount> out = counter.counts();
  for (DailyCount& c : out) c.count = -c.count;
  return out;
}

}  // namespace gutbot::bot
