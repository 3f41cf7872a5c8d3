// Slack: the Events API (url_verification, direct messages, mentions) and
// slash commands on one URL, authenticated by v0 request signatures. Slash
// commands are answered in the HTTP response; events get 200 at once and
// their reply goes out as a chat.postMessage call (Slack allows three
// seconds per request). Immutable; thread-safe.
#pragma once

#include "adapters/channels/channel.h"
#include "adapters/channels/channel_options.h"

namespace gutbot::adapters {

// Requests older or newer than this are refused as replays.
inline constexpr std::int64_t kSlackSignatureWindowSeconds = 5 * 60;

// Slack's v0 signature: "v0=" + hex(HMAC-SHA256(signing secret,
// "v0:" + timestamp + ":" + body)).
std::string SlackSignature(std::string_view signing_secret, std::string_view timestamp,
                           std::string_view body);

class SlackChannel : public Channel {
 public:
  explicit SlackChannel(SlackOptions options);

  std::string_view name() const override { return "slack"; }
  bool enabled() const override { return !options_.signing_secret.empty(); }

  // X-Slack-Signature against SlackSignature(), X-Slack-Request-Timestamp
  // within five minutes of `now`.
  std::optional<bot::Error> authenticate(const WebhookRequest& request,
                                         std::int64_t now) const override;
  // A form body is a slash command (an empty one asks for the welcome); a
  // JSON body an Events API envelope. Users are "slack:<team>:<user>".
  // Messages from bots and edited or deleted messages (any subtype) are
  // ignored, so the bot never answers itself.
  bot::Result<Inbound> decode(const WebhookRequest& request) const override;
  // A slash command's ephemeral response, or an event's chat.postMessage
  // body; the suggestions as a "Reply with:" line.
  WebhookResponse encode(const bot::Reply& reply, const Inbound& inbound) const override;

  // With a bot_token: its ca_file.
  std::optional<std::string> api_ca_file() const override;
  // chat.postMessage with encode()'s body and the bot_token; nullopt
  // without a bot_token.
  std::optional<ApiCall> reply_call(const bot::Reply& reply, const Inbound& inbound) const override;
  // Slack answers 200 with {"ok": false, "error": "..."} for most failures.
  bool api_call_succeeded(unsigned status, std::string_view body) const override;

 private:
  SlackOptions options_;
};

}  // namespace gutbot::adapters
