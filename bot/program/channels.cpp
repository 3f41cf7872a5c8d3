#include "bot/program/channels.h"

#include <memory>

#include "adapters/channels/rest_channel.h"
#include "adapters/channels/slack_channel.h"
#include "adapters/channels/telegram_channel.h"
#include "adapters/channels/twilio_channel.h"

namespace gutbot::adapters {

Channels MessagingChannels(const ChannelOptions& options) {
  return {
      std::make_shared<RestChannel>(options.rest),
      std::make_shared<TelegramChannel>(options.telegram),
      std::make_shared<SlackChannel>(options.slack),
      std::make_shared<TwilioChannel>(options.twilio),
  };
}

}  // namespace gutbot::adapters
