// The content owner's records of what visitors ask (the console, GET
// /admin/report): what each answered message tells about the knowledge's
// coverage, the questions it did not fully answer, and the daily counts.
// Plain values, and the one way a turn is counted, shared by every store.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace gutbot::bot {

struct Reply;
struct TurnRecord;

// What one answered message tells the content owner.
struct TurnFacts {
  std::string intent;
  std::string coverage;  // "full", "partial" or "none"
  std::string safety;    // the reply's safety category; "" when none
  // The topic answered; for coverage none the topic the message came
  // nearest to; "" when there is none.
  std::string topic;
  // What the knowledge lacked, as the visitor named it, comma-separated
  // ("kombucha, bone broth", "a dose"); "" when nothing was named.
  std::string missing;

  // Answered with coverage partial or none: a question for the content owner.
  bool unanswered() const { return coverage == "partial" || coverage == "none"; }
};

TurnFacts FactsOf(const Reply& reply);
// The facts a stored reply object (EncodeReply's text) still tells: intent,
// coverage, safety and topic. Empty facts for text that is not one.
TurnFacts StoredFacts(const std::string& reply_json);

// A question answered with coverage partial or none, as stored.
struct UnansweredRecord {
  std::string user;  // the conversation key, the one thing that links it to a visitor
  std::int64_t at_unix_ms = 0;
  std::string channel;
  std::string text;  // the visitor's words
  std::string coverage;
  std::string topic;
  std::string missing;
};

// How many messages of one UTC day had one combination of facts.
struct DailyCount {
  std::string day;  // "YYYY-MM-DD"
  std::string intent;
  std::string channel;
  std::string coverage;
  std::string safety;
  std::int64_t count = 0;
};

// "YYYY-MM-DD", the UTC day of a Unix time in milliseconds.
std::string UtcDay(std::int64_t unix_ms);

// Adds turns up into daily counts: what a store adds to its counts when it
// commits turns, or takes off them when it forgets a conversation (and, for
// the memory store, the counts themselves).
class DailyCounter {
 public:
  // Counts one turn.
  void add(std::int64_t at_unix_ms, const std::string& channel, const TurnFacts& facts);
  // Adds `count.count` (negative: takes off) to its day and facts; a count
  // that reaches zero or less is dropped.
  void add(const DailyCount& count);
  // Drops the counts of `day` and every day before it.
  void erase_through(const std::string& day);
  // The counts of days from `from_day` on, oldest day first.
  std::vector<DailyCount> counts(const std::string& from_day = "") const;

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::map<Key, std::int64_t> counts_;  // by (day, intent, channel, coverage, safety)
};

// What forgetting `turns` takes off the daily counts: their counts, negated.
std::vector<DailyCount> Uncounted(const std::vector<TurnRecord>& turns);

}  // namespace gutbot::bot
