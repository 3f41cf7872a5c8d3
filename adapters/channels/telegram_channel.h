// Telegram's bot webhook: authenticated by the secret token given to
// setWebhook, answered in the webhook response itself (a sendMessage call
// with a reply keyboard of the suggestions). Immutable; thread-safe.
#pragma once

#include "adapters/channels/channel.h"
#include "adapters/channels/channel_options.h"

namespace gutbot::adapters {

class TelegramChannel : public Channel {
 public:
  explicit TelegramChannel(TelegramOptions options);

  std::string_view name() const override { return "telegram"; }
  bool enabled() const override { return !options_.secret_token.empty(); }

  // X-Telegram-Bot-Api-Secret-Token against the configured secret_token.
  std::optional<bot::Error> authenticate(const WebhookRequest& request,
                                         std::int64_t now) const override;
  // An Update: a text message is a turn of user "telegram:<chat id>", with
  // the update_id as delivery id; "/start" asks for the welcome, another
  // command "/word" means "word"; any other update is acknowledged and
  // ignored.
  bot::Result<Inbound> decode(const WebhookRequest& request) const override;
  WebhookResponse encode(const bot::Reply& reply, const Inbound& inbound) const override;

 private:
  TelegramOptions options_;
};

}  // namespace gutbot::adapters
