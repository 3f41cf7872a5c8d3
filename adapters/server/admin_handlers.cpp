#include "adapters/server/admin_handlers.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>

#include "adapters/server/protocol.h"
#include "bot/common/json_text.h"

namespace gutbot::adapters {

namespace {

using Status = HttpExchange::Status;

// Largest `limit` an admin report takes.
constexpr std::size_t kMaxReportEntries = 1000;

// The `limit` query parameter of an admin report: 100 when absent, at most
// kMaxReportEntries.
std::size_t ReportLimit(const bot::Target& target) {
  const auto it = target.query.find("limit");
  if (it == target.query.end()) return 100;
  return std::min<std::size_t>(std::strtoul(it->second.c_str(), nullptr, 10), kMaxReportEntries);
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
  nlohmann::json questions = nlohmann::json::array();
  for (const bot::UnansweredQuestion& q :
       exchange.context().engine->unanswered(ReportLimit(exchange.target()))) {
    questions.push_back({{"text", q.text}, {"count", q.count}, {"last_ms", q.last_unix_ms}});
  }
  exchange.send(
      exchange.response(Status::ok, bot::JsonText({{"questions", std::move(questions)}})));
}

void AdminFeedback(HttpExchange& exchange) {
  exchange.context().engine->ratings(
      ReportLimit(exchange.target()),
      exchange.later<bot::Result<std::vector<bot::RatingRecord>>>(
          [](HttpExchange& self, bot::Result<std::vector<bot::RatingRecord>> ratings) {
            if (!ratings) return self.send_error(Status::service_unavailable, ratings.error());
            self.send(self.response(Status::ok, RatingsReport(ratings.value())));
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
