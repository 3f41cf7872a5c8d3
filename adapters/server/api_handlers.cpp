#include "adapters/server/api_handlers.h"

#include <optional>

#include "adapters/server/protocol.h"

namespace gutbot::adapters {

namespace http = boost::beast::http;

namespace {

using Status = HttpExchange::Status;

// Errors the client can fix get 400 (404 for an answer that is not there);
// the rest (the store, say) are ours.
Status StatusForEngineError(const bot::Error& error) {
  if (error.code == bot::ErrorCode::kUnknownId) return Status::not_found;
  return IsClientError(error) ? Status::bad_request : Status::service_unavailable;
}

// The valid check of a /v1 request's `token` (its conversation and start),
// or nullopt after a 401 saying why not.
std::optional<TokenCheck> CheckSession(HttpExchange& exchange, const std::string& token) {
  ServerContext& context = exchange.context();
  TokenCheck checked = context.tokens.check(token);
  if (checked.status == TokenStatus::kValid) return checked;
  const bool expired = checked.status == TokenStatus::kExpired;
  context.rejected(expired ? "session_expired" : "invalid_session");
  exchange.send_error(
      Status::unauthorized,
      expired ? bot::Error{bot::ErrorCode::kSessionExpired,
                           "The session has expired; send none to start a new one."}
              : bot::Error{bot::ErrorCode::kInvalidSession,
                           "The session token is not valid; send none to start a new one."});
  return std::nullopt;
}

// The session of a /v1/chat request: a new one when it sends none (within
// the client's allowance), or its own refreshed; nullopt after a refusal.
std::optional<IssuedSession> ChatSession(HttpExchange& exchange, const std::string& token) {
  ServerContext& context = exchange.context();
  if (token.empty()) {
    if (context.limits->allow_new_conversation(exchange.client())) return context.tokens.issue();
    context.rejected("too_many_conversations");
    exchange.send_error(Status::too_many_requests,
                        {bot::ErrorCode::kTooManyConversations,
                         "Too many new conversations from your address; try again later."});
    return std::nullopt;
  }
  auto checked = CheckSession(exchange, token);
  if (!checked) return std::nullopt;
  return context.tokens.refresh(std::move(*checked));
}

}  // namespace

void Ask(HttpExchange& exchange) {
  ServerContext& context = exchange.context();
  auto parsed =
      ParseRequest(exchange.request().body(), RequestKind::kAsk, context.options.max_message_chars);
  if (!parsed) return exchange.send_error(Status::bad_request, parsed.error());
  exchange.send(
      exchange.response(Status::ok, ReplyFrame(context.engine->ask(parsed.value().text), "")));
}

void Chat(HttpExchange& exchange) {
  ServerContext& context = exchange.context();
  auto parsed = ParseRequest(exchange.request().body(), RequestKind::kChat,
                             context.options.max_message_chars);
  if (!parsed) return exchange.send_error(Status::bad_request, parsed.error());
  std::optional<IssuedSession> session = ChatSession(exchange, parsed.value().session);
  if (!session) return;
  bot::Message message{session->id, std::move(parsed.value().text), "http", ""};
  context.engine->submit(
      std::move(message),
      exchange.later<bot::Result<bot::Reply>>(
          [token = std::move(session->token)](HttpExchange& self, bot::Result<bot::Reply> result) {
            if (!result) {
              return self.send_error(StatusForEngineError(result.error()),
                                     ClientFacingError(result.error()));
            }
            self.send(self.response(Status::ok, ChatResponse(result.value(), token)));
          }));
}

void SaveFeedback(HttpExchange& exchange) {
  ServerContext& context = exchange.context();
  auto parsed = ParseFeedback(exchange.request().body(), context.options.max_comment_chars);
  if (!parsed) return exchange.send_error(Status::bad_request, parsed.error());
  auto checked = CheckSession(exchange, parsed.value().session);
  if (!checked) return;
  Feedback& feedback = parsed.value();
  context.engine->rate(bot::RatingWrite{std::move(checked->id), feedback.id,
                                        std::move(feedback.rating), std::move(feedback.comment)},
                       exchange.later<bot::Result<bool>>(
                           [id = feedback.id](HttpExchange& self, bot::Result<bool> saved) {
                             if (!saved) {
                               return self.send_error(StatusForEngineError(saved.error()),
                                                      ClientFacingError(saved.error()));
                             }
                             self.send(self.response(Status::ok, FeedbackSavedFrame(id)));
                           }));
}

}  // namespace gutbot::adapters
