#include "bot/program/report.h"

#include <iomanip>
#include <nlohmann/json.hpp>

#include "adapters/server/protocol.h"
#include "bot/common/json_text.h"
#include "bot/common/rfc3339.h"
#include "bot/engine/unanswered_questions.h"
#include "bot/engine/usage_report.h"

namespace gutbot::bot {
namespace {

using nlohmann::json;

// Most questions and ratings the text report lists.
constexpr std::size_t kListed = 20;
constexpr std::size_t kMaxRecords = 20000;
constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;

std::int64_t Count(const json& object, const char* key) {
  return object.contains(key) ? object[key].get<std::int64_t>() : 0;
}

void WriteUsage(const json& usage, std::ostream& out) {
  const json& totals = usage["totals"];
  out << "gutbot report: " << usage["days"].get<int>() << " days, "
      << usage["from"].get<std::string>() << " to " << usage["to"].get<std::string>() << "\n\n"
      << "Messages: " << Count(totals, "messages") << " (answered " << Count(totals, "full")
      << ", partly " << Count(totals, "partial") << ", not covered " << Count(totals, "none")
      << "); safety replies: " << Count(totals, "safety") << "\n\n";
  out << "day         messages  full  partial  none  safety\n";
  for (const json& d : usage["per_day"]) {
    std::int64_t safety = 0;
    for (const auto& [category, n] : d["safety"].items()) safety += n.get<std::int64_t>();
    out << d["day"].get<std::string>() << std::setw(10) << Count(d, "messages") << std::setw(6)
        << Count(d["coverage"], "full") << std::setw(9) << Count(d["coverage"], "partial")
        << std::setw(6) << Count(d["coverage"], "none") << std::setw(8) << safety << '\n';
  }
  const std::pair<const char*, const char*> lists[] = {
      {"intents", "intent"}, {"channels", "channel"}, {"safety", "category"}};
  for (const auto& [list, name] : lists) {
    out << '\n' << "Top " << list << ":\n";
    if (usage[list].empty()) out << "  none\n";
    for (const json& e : usage[list]) {
      out << "  " << std::setw(6) << e["count"].get<std::int64_t>() << "  "
          << e[name].get<std::string>() << '\n';
    }
  }
}

void WriteUnanswered(const json& unanswered, std::ostream& out) {
  out << "\nUnanswered and partly answered questions, most asked first:\n";
  if (unanswered["questions"].empty()) out << "  none\n";
  for (const json& q : unanswered["questions"]) {
    out << "  " << std::setw(4) << q["count"].get<std::uint64_t>() << "x  "
        << q["example"].get<std::string>() << "  [" << q["coverage"].get<std::string>();
    if (!q["title"].get<std::string>().empty())
      out << "; nearest: " << q["title"].get<std::string>();
    for (const json& thing : q["missing"]) out << "; missing: " << thing.get<std::string>();
    out << "; last " << q["last_seen"].get<std::string>() << "]\n";
  }
}

void WriteNotHelpful(const std::vector<RatingRecord>& ratings, std::ostream& out) {
  out << "\nAnswers rated \"not helpful\", latest first:\n";
  if (ratings.empty()) out << "  none\n";
  for (const RatingRecord& r : ratings) {
    out << "  " << Rfc3339(r.at_unix_ms) << "  " << r.user_text
        << "\n    answer: " << r.bot_text.substr(0, 120) << (r.bot_text.size() > 120 ? "..." : "")
        << '\n';
    if (!r.comment.empty()) out << "    comment: " << r.comment << '\n';
  }
}

}  // namespace

Status WriteReport(ConversationStore& store, const knowledge::KnowledgeBase& kb,
                   const ReportOptions& options, std::ostream& out) {
  const std::int64_t now = options.now_unix_ms != 0 ? options.now_unix_ms : NowUnixMs();
  auto counts = store.daily_counts(FirstReportDay(options.days, now));
  if (!counts) return counts.error();
  const std::int64_t since = now - std::int64_t{options.days} * kDayMs;
  auto records = store.unanswered(since, kMaxRecords);
  if (!records) return records.error();
  auto ratings = store.ratings(kMaxRecords);
  if (!ratings) return ratings.error();
  std::vector<RatingRecord> not_helpful;
  for (RatingRecord& r : ratings.value()) {
    if (r.rating == "down" && r.at_unix_ms >= since && not_helpful.size() < kListed)
      not_helpful.push_back(std::move(r));
  }
  const json usage = UsageReport(counts.value(), options.days, now);
  const json unanswered =
      UnansweredReport(GroupUnanswered(records.value(), kListed), kb, options.days);
  if (options.json) {
    const json rated = json::parse(adapters::RatingsReport(not_helpful));
    out << JsonText(
               {{"usage", usage}, {"unanswered", unanswered}, {"not_helpful", rated["ratings"]}}, 2)
        << '\n';
    return {};
  }
  WriteUsage(usage, out);
  WriteUnanswered(unanswered, out);
  WriteNotHelpful(not_helpful, out);
  return {};
}

}  // namespace gutbot::bot
