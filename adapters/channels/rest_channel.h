// Rasa's REST channel format, so that existing clients can switch to gutbot:
// POST {"sender","message"} answered with [{"recipient_id","text","buttons"}].
// Authenticated by an API key. Immutable; thread-safe.
#pragma once

#include "adapters/channels/channel.h"
#include "adapters/channels/channel_options.h"

namespace gutbot::adapters {

class RestChannel : public Channel {
 public:
  explicit RestChannel(RestOptions options);

  std::string_view name() const override { return "rest"; }
  bool enabled() const override { return !options_.api_key.empty(); }

  // The key in "Authorization: Bearer KEY" or in "X-Api-Key".
  std::optional<bot::Error> authenticate(const WebhookRequest& request,
                                         std::int64_t now) const override;
  // User ids "rest:<sender>".
  bot::Result<Inbound> decode(const WebhookRequest& request) const override;
  // One message with the text and the suggestions as buttons whose payload
  // is the suggestion itself.
  WebhookResponse encode(const bot::Reply& reply, const Inbound& inbound) const override;

 private:
  RestOptions options_;
};

}  // namespace gutbot::adapters
