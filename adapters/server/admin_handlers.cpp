#include "adapters/server/admin_handlers.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>

#include "adapters/server/protocol.h"
#include "bot/common/json_text.h"
#include "bot/common/rfc3339.h"
#include "bot/engine/unanswered_questions.h"
#include "bot/engine/usage_report.h"

namespace gutbot::adapters {

namespace {

using Status = HttpExchange::Status;

// Largest `limit` an admin report takes.
constexpr std::size_t kMaxReportEntries = 1000;

// Most records of unanswered questions an admin report groups.
constexpr std::size_t kMaxGroupedRecords = 20000;
// Longest period an admin report covers, in days.
constexpr long kMaxReportDays = 366;

// A number in the query, `fallback` when absent, within [low, high].
long QueryNumber(const bot::Target& target, const char* name, long fallback, long low, long high) {
  const auto it = target.query.find(name);
  if (it == target.query.end()) return fallback;
  return std::clamp(std::strtol(it->second.c_str(), nullptr, 10), low, high);
}

// The `limit` query parameter of an admin report: 100 when absent, at most
// kMaxReportEntries.
std::size_t ReportLimit(const bot::Target& target) {
  return static_cast<std::size_t>(
      QueryNumber(target, "limit", 100, 0, static_cast<long>(kMaxReportEntries)));
}

// The `days` query parameter of an admin report.
int ReportDays(const bot::Target& target, long fallback) {
  return static_cast<int>(QueryNumber(target, "days", fallback, 1, kMaxReportDays));
}

std::string QueryText(const bot::Target& target, const char* name) {
  const auto it = target.query.find(name);
  return it == target.query.end() ? "" : it->second;
}

// Answers with `result`'s value as JSON, or its error with `failure`.
void SendJsonResult(HttpExchange& exchange, const bot::Result<nlohmann::json>& result,
                    Status failure) {
  if (!result) {
    return exchange.send_error(failure, failure == Status::service_unavailable
                                            ? ClientFacingError(result.error())
                                            : result.error());
  }
  exchange.send(exchange.response(Status::ok, bot::JsonText(result.value())));
}

void SendStoreResult(HttpExchange& exchange, bot::Result<nlohmann::json> result) {
  SendJsonResult(exchange, result, Status::service_unavailable);
}

// The conversation key an admin request names: {"user": "<conversation
// key>"} or {"session": "<a visitor's token>"}; nullopt after a 400.
std::optional<std::string> RequestedUser(HttpExchange& exchange) {
  const auto body = nlohmann::json::parse(exchange.request().body(), nullptr, false);
  std::string user;
  if (body.is_object() && body.contains("user") && body["user"].is_string()) {
    user = body["user"].get<std::string>();
  } else if (body.is_object() && body.contains("session") && body["session"].is_string()) {
    user = exchange.context().tokens.verify(body["session"].get<std::string>()).value_or("");
    if (user.empty()) {
      exchange.send_error(Status::bad_request,
                          {bot::ErrorCode::kInvalidSession, "The session token is not valid."});
      return std::nullopt;
    }
  }
  if (user.empty()) {
    exchange.send_error(
        Status::bad_request,
        {bot::ErrorCode::kInvalidRequest, "Send {\"user\": \"...\"} or {\"session\": \"...\"}."});
    return std::nullopt;
  }
  return user;
}

}  // namespace

void AdminReload(HttpExchange& exchange) {
  ServerContext& context = exchange.context();
  if (!context.reloader) {
    return exchange.send_error(Status::not_implemented,
                               {bot::ErrorCode::kReloadUnavailable, "This server cannot reload."});
  }
  context.reloader->reload(exchange.later<bot::Result<nlohmann::json>>(
      [](HttpExchange& self, bot::Result<nlohmann::json> result) {
        LogReload(self.context(), result);
        // A broken base is the request's failure, not the server's: it keeps serving.
        SendJsonResult(self, result, Status::unprocessable_entity);
      }));
}

void AdminUnanswered(HttpExchange& exchange) {
  const int days = ReportDays(exchange.target(), 30);
  const std::size_t limit = ReportLimit(exchange.target());
  const bool lines = QueryText(exchange.target(), "format") == "jsonl";
  const std::int64_t since = bot::NowUnixMs() - std::int64_t{days} * 24 * 60 * 60 * 1000;
  exchange.context().engine->unanswered(
      since, kMaxGroupedRecords,
      exchange.later<bot::Result<std::vector<bot::UnansweredRecord>>>(
          [days, limit, lines](HttpExchange& self,
                               bot::Result<std::vector<bot::UnansweredRecord>> records) {
            if (!records) return SendStoreResult(self, records.error());
            const bot::UnansweredGroups groups = bot::GroupUnanswered(records.value(), limit);
            if (!lines) {
              return SendStoreResult(
                  self,
                  bot::UnansweredReport(groups, *self.context().engine->knowledge_base(), days));
            }
            HttpExchange::Response response =
                self.response(Status::ok, bot::UnansweredJsonLines(groups), "application/x-ndjson");
            response.set(boost::beast::http::field::content_disposition,
                         "attachment; filename=\"unanswered.jsonl\"");
            self.send(std::move(response));
          }));
}

void AdminFeedback(HttpExchange& exchange) {
  const std::size_t limit = ReportLimit(exchange.target());
  const std::string only = QueryText(exchange.target(), "rating");
  // Filtered here: ratings are few, and a filter reads the latest of them.
  exchange.context().engine->ratings(
      only.empty() ? limit : kMaxReportEntries,
      exchange.later<bot::Result<std::vector<bot::RatingRecord>>>(
          [limit, only](HttpExchange& self, bot::Result<std::vector<bot::RatingRecord>> ratings) {
            if (!ratings) return SendStoreResult(self, ratings.error());
            std::vector<bot::RatingRecord>& list = ratings.value();
            if (!only.empty()) {
              std::erase_if(list, [&](const bot::RatingRecord& r) { return r.rating != only; });
            }
            if (list.size() > limit) list.resize(limit);
            self.send(self.response(Status::ok, RatingsReport(list)));
          }));
}

void AdminReport(HttpExchange& exchange) {
  const int days = ReportDays(exchange.target(), 14);
  const std::int64_t now = bot::NowUnixMs();
  exchange.context().engine->daily_counts(
      bot::FirstReportDay(days, now),
      exchange.later<bot::Result<std::vector<bot::DailyCount>>>(
          [days, now](HttpExchange& self, bot::Result<std::vector<bot::DailyCount>> counts) {
            if (!counts) return SendStoreResult(self, counts.error());
            SendStoreResult(self, bot::UsageReport(counts.value(), days, now));
          }));
}

void AdminForget(HttpExchange& exchange) {
  std::optional<std::string> user = RequestedUser(exchange);
  if (!user) return;
  exchange.context().engine->forget(
      *user, exchange.later<bot::Result<bool>>([user = *user](HttpExchange& self,
                                                              bot::Result<bool> forgotten) {
        if (!forgotten) return SendStoreResult(self, forgotten.error());
        SendStoreResult(self, nlohmann::json{{"user", user}, {"forgotten", forgotten.value()}});
      }));
}

void AdminExport(HttpExchange& exchange) {
  std::optional<std::string> user = RequestedUser(exchange);
  if (!user) return;
  exchange.context().engine->export_conversation(
      *user, exchange.later<bot::Result<nlohmann::json>>(SendStoreResult));
}

}  // namespace gutbot::adapters
