#include "adapters/server/webhooks.h"

#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>

#include "adapters/channels/rest_channel.h"
#include "adapters/channels/slack_channel.h"
#include "adapters/channels/telegram_channel.h"
#include "adapters/channels/twilio_channel.h"
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

// "/webhooks/slack/webhook" -> "slack".
std::string_view WebhookChannelName(std::string_view path) {
  constexpr std::string_view kPrefix = "/webhooks/";
  if (!path.starts_with(kPrefix)) return {};
  path.remove_prefix(kPrefix.size());
  return path.substr(0, path.find('/'));
}

WebhookRequest ToWebhookRequest(const Webhooks::Request& request) {
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

Webhooks::Webhooks(const ChannelOptions& options)
    : ledger_ttl_(options.delivery_ledger_ttl), slack_(options.slack) {
  if (!options.rest.api_key.empty())
    channels_.emplace("rest", std::make_unique<RestChannel>(options.rest));
  if (!options.telegram.secret_token.empty()) {
    channels_.emplace("telegram", std::make_unique<TelegramChannel>(options.telegram));
  }
  if (!options.slack.signing_secret.empty()) {
    channels_.emplace("slack", std::make_unique<SlackChannel>(options.slack));
    if (!options.slack.bot_token.empty()) slack_api_.emplace(options.slack.ca_file);
  }
  if (!options.twilio.auth_token.empty())
    channels_.emplace("twilio", std::make_unique<TwilioChannel>(options.twilio));
}

Webhooks::~Webhooks() = default;

void Webhooks::handle(const std::shared_ptr<ServerContext>& context, std::string_view path,
                      const Request& request, net::any_io_executor executor, Respond respond) {
  const std::string_view name = WebhookChannelName(path);
  const auto found = channels_.find(name);
  if (found == channels_.end()) {
    return respond(WebhookError(404, {bot::ErrorCode::kChannelDisabled,
                                      "This messaging channel is not configured on this server."}));
  }
  const Channel& channel = *found->second;
  const WebhookRequest incoming = ToWebhookRequest(request);
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
    // Slack's events are acknowledged anyway: an error would make it retry.
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
  WebhookResponse encoded = turn.channel->encode(result.value(), turn.inbound);
  if (turn.inbound.reply_by_api) {
    post_to_slack(turn, encoded);
    remember(turn, turn.inbound.response);
    return;
  }
  remember(turn, encoded);
  turn.respond(std::move(encoded));
}

void Webhooks::remember(const Turn& turn, const WebhookResponse& answer) const {
  if (turn.ledger_key.empty()) return;
  turn.context->engine->complete_delivery(turn.ledger_key, EncodeAnswer(answer), LedgerWriteDone);
}

void Webhooks::post_to_slack(const Turn& turn, const WebhookResponse& call) const {
  if (!slack_api_) {
    LogEvent(bot::LogLevel::kWarn, "slack_reply_dropped",
             {{"reason", "channels.slack.bot_token is not set"}});
    return;
  }
  slack_api_->post(
      turn.executor, slack_.api_base_url + "/chat.postMessage",
      {{"Content-Type", call.content_type}, {"Authorization", "Bearer " + slack_.bot_token}},
      call.body, [](boost::system::error_code ec, HttpsClient::Response response) {
        if (ec)
          return LogEvent(bot::LogLevel::kWarn, "slack_post_failed", {{"error", ec.message()}});
        // Slack answers 200 with {"ok": false, "error": "..."} for most failures.
        const auto body = nlohmann::json::parse(response.body, nullptr, false);
        const auto ok = body.is_object() ? body.find("ok") : body.end();
        if (response.status != 200 || ok == body.end() || *ok != true) {
          LogEvent(bot::LogLevel::kWarn, "slack_post_failed",
                   {{"status", response.status}, {"response", response.body.substr(0, 200)}});
        }
      });
}

}  // namespace gutbot::adapters
