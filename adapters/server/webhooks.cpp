#include "adapters/server/webhooks.h"

#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>

#include "adapters/server/io_failure_log.h"
#include "adapters/server/protocol.h"
#include "adapters/server/server_context.h"
#include "bot/common/json_text.h"
#include "bot/common/utf8.h"

namespace gutbot::adapters {

namespace net = boost::asio;

namespace {

WebhookResponse WebhookError(unsigned status, const bot::Error& error) {
  return {status, "application/json", ErrorFrame(error)};
}

WebhookRequest ToWebhookRequest(const HttpExchange::Request& request) {
  WebhookRequest converted;
  for (const auto& field : request) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    converted.headers.emplace(std::move(name), std::string(field.value()));
  }
  converted.body = request.body();
  return converted;
}

// A delivery's answer as the ledger keeps it, and back.
std::string EncodeAnswer(const WebhookResponse& answer) {
  return bot::JsonText(
      {{"status", answer.status}, {"content_type", answer.content_type}, {"body", answer.body}});
}

WebhookResponse DecodeAnswer(const std::string& text) {
  const auto stored = nlohmann::json::parse(text, nullptr, false);
  if (!stored.is_object()) return {};
  return {stored.value("status", 200u), stored.value("content_type", "text/plain"),
          stored.value("body", "")};
}

// A ledger write runs on the engine's worker; a failure costs at most a
// retry answered twice, so it is logged, not answered.
void LedgerWriteDone(const bot::Status& written) {
  if (!written)
    LogEvent(bot::LogLevel::kWarn, "delivery_ledger_failed",
             {{"code", bot::ErrorName(written.error().code)}});
}

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// One turn on its way through the engine.
struct Webhooks::Turn {
  std::shared_ptr<ServerContext> context;  // keeps this Webhooks alive
  const Channel* channel;
  Inbound inbound;
  std::string ledger_key;  // empty when the platform gave no delivery id
  net::any_io_executor executor;
  Respond respond;  // unused once called for reply_by_api
};

Webhooks::Webhooks(const Channels& channels, std::chrono::seconds delivery_ledger_ttl)
    : ledger_ttl_(delivery_ledger_ttl) {
  for (const auto& channel : channels) {
    if (!channel->enabled()) continue;
    if (auto ca_file = channel->api_ca_file())
      api_clients_.emplace(std::string(channel->name()), *ca_file);
  }
}

Webhooks::~Webhooks() = default;

void Webhooks::handle(HttpExchange& exchange, const Channel& channel) {
  Respond respond = [self = exchange.shared()](WebhookResponse response) {
    self->send(self->response(static_cast<HttpExchange::Status>(response.status),
                              std::move(response.body), response.content_type.c_str()));
  };
  if (!channel.enabled()) {
    return respond(WebhookError(404, {bot::ErrorCode::kChannelDisabled,
                                      "This messaging channel is not configured on this server."}));
  }
  const std::shared_ptr<ServerContext>& context = exchange.shared_context();
  const net::any_io_executor executor = exchange.executor();
  const std::string_view name = channel.name();
  const WebhookRequest incoming = ToWebhookRequest(exchange.request());
  if (auto refused = channel.authenticate(incoming, UnixNow())) {
    context->log_summary.note(bot::LogLevel::kWarn, "webhook_refused",
                              {{"channel", name}, {"code", bot::ErrorName(refused->code)}});
    return respond(WebhookError(401, *refused));
  }
  auto decoded = channel.decode(incoming);
  if (!decoded) return respond(WebhookError(400, decoded.error()));
  Inbound& inbound = decoded.value();
  if (inbound.kind == Inbound::Kind::kAnswered) return respond(std::move(inbound.response));
  if (inbound.kind == Inbound::Kind::kWelcome) {
    bot::Reply welcome;
    welcome.text = context->engine->welcome_text();
    welcome.suggestions = context->engine->welcome_suggestions();
    return respond(channel.encode(welcome, inbound));
  }

  // Checked here, at the boundary, as /v1 and /ws check theirs; a long
  // message is answered below with a refusal the user can read.
  const std::size_t max_chars = context->options.max_message_chars;
  if (auto refused = CheckMessageText(inbound.message.text, max_chars);
      refused && refused->code != bot::ErrorCode::kTooLong) {
    context->rejected(std::string(bot::ErrorName(refused->code)));
    // A reply by API is acknowledged anyway: an error would make the platform
    // (Slack) retry.
    return respond(inbound.reply_by_api ? std::move(inbound.response)
                                        : WebhookError(400, *refused));
  }

  auto turn = std::make_shared<Turn>(
      Turn{context, &channel, std::move(inbound), {}, executor, std::move(respond)});
  if (turn->inbound.delivery_id.empty()) return start(turn);
  turn->ledger_key = std::string(name) + ":" + turn->inbound.delivery_id;
  context->engine->claim_delivery(
      turn->ledger_key, ledger_ttl_,
      OnExecutor<bot::Result<bot::DeliveryClaim>>(
          *context, executor, turn, [turn](Turn&, bot::Result<bot::DeliveryClaim> claim) {
            turn->context->webhooks->claimed(turn, std::move(claim));
          }));
}

void Webhooks::claimed(const std::shared_ptr<Turn>& turn, bot::Result<bot::DeliveryClaim> claim) {
  if (!claim) {
    // Unanswered: the platform retries later.
    LogEvent(bot::LogLevel::kWarn, "delivery_ledger_failed",
             {{"code", bot::ErrorName(claim.error().code)}});
    return turn->respond(WebhookError(503, ClientFacingError(claim.error())));
  }
  if (!claim.value().first) {
    turn->context->log_summary.note(bot::LogLevel::kInfo, "webhook_retry_answered",
                                    {{"channel", turn->inbound.message.channel}});
    const auto& answer = claim.value().answer;
    return turn->respond(answer ? DecodeAnswer(*answer) : turn->inbound.response);
  }
  start(turn);
}

void Webhooks::start(const std::shared_ptr<Turn>& turn) {
  const std::shared_ptr<ServerContext>& context = turn->context;
  if (turn->inbound.reply_by_api) turn->respond(turn->inbound.response);
  const std::size_t max_chars = context->options.max_message_chars;
  if (bot::CountCodePoints(turn->inbound.message.text) > max_chars) {
    bot::Reply refusal;
    refusal.text = "That message is too long for me: please keep it under " +
                   std::to_string(max_chars) + " characters.";
    return finish(*turn, std::move(refusal));
  }
  bot::Message message = turn->inbound.message;
  context->engine->submit(
      std::move(message),
      OnExecutor<bot::Result<bot::Reply>>(*context, turn->executor, turn,
                                          [](Turn& self, bot::Result<bot::Reply> result) {
                                            self.context->webhooks->finish(self, std::move(result));
                                          }));
}

void Webhooks::finish(Turn& turn, bot::Result<bot::Reply> result) {
  if (!result) {
    // Not remembered: the platform's retry gets a new chance.
    if (!turn.ledger_key.empty())
      turn.context->engine->release_delivery(turn.ledger_key, LedgerWriteDone);
    LogEvent(bot::LogLevel::kWarn, "webhook_turn_failed",
             {{"code", bot::ErrorName(result.error().code)}});
    if (!turn.inbound.reply_by_api)
      turn.respond(WebhookError(503, ClientFacingError(result.error())));
    return;
  }
  if (turn.inbound.reply_by_api) {
    call_api(turn, result.value());
    remember(turn, turn.inbound.response);
    return;
  }
  WebhookResponse encoded = turn.channel->encode(result.value(), turn.inbound);
  remember(turn, encoded);
  turn.respond(std::move(encoded));
}

void Webhooks::remember(const Turn& turn, const WebhookResponse& answer) const {
  if (turn.ledger_key.empty()) return;
  turn.context->engine->complete_delivery(turn.ledger_key, EncodeAnswer(answer), LedgerWriteDone);
}

void Webhooks::call_api(const Turn& turn, const bot::Reply& reply) const {
  const std::string name(turn.channel->name());
  std::optional<ApiCall> call = turn.channel->reply_call(reply, turn.inbound);
  const auto client = api_clients_.find(name);
  if (!call || client == api_clients_.end()) {
    LogEvent(bot::LogLevel::kWarn, name + "_reply_dropped",
             {{"reason", "channels." + name + " is not configured to call the platform's API"}});
    return;
  }
  client->second.post(
      turn.executor, call->url, std::move(call->fields), std::move(call->body),
      [channel = turn.channel, event = name + "_post_failed"](boost::system::error_code ec,
                                                              HttpsClient::Response response) {
        if (ec) return LogEvent(bot::LogLevel::kWarn, event, {{"error", ec.message()}});
        if (!channel->api_call_succeeded(response.status, response.body)) {
          LogEvent(bot::LogLevel::kWarn, event,
                   {{"status", response.status}, {"response", response.body.substr(0, 200)}});
        }
      });
}

}  // namespace gutbot::adapters
