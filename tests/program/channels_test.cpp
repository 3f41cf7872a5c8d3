#include "bot/program/channels.h"

#include <gtest/gtest.h>

#include <set>

namespace gutbot::adapters {
namespace {

TEST(MessagingChannels, EveryChannelHasItsOwnWebhookPath) {
  const Channels channels = MessagingChannels({});
  std::set<std::string> paths;
  for (const auto& channel : channels) {
    EXPECT_EQ(channel->path(), "/webhooks/" + std::string(channel->name()) + "/webhook");
    paths.insert(channel->path());
  }
  EXPECT_EQ(paths,
            (std::set<std::string>{"/webhooks/rest/webhook", "/webhooks/slack/webhook",
                                   "/webhooks/telegram/webhook", "/webhooks/twilio/webhook"}));
}

TEST(MessagingChannels, AChannelIsEnabledByItsSecret) {
  ChannelOptions options;
  options.telegram.secret_token = "s3cret";
  options.twilio.auth_token = "t0ken";
  options.twilio.public_url = "https://bot.example/webhooks/twilio/webhook";
  std::set<std::string> enabled;
  for (const auto& channel : MessagingChannels(options)) {
    if (channel->enabled()) enabled.insert(std::string(channel->name()));
  }
  EXPECT_EQ(enabled, (std::set<std::string>{"telegram", "twilio"}));
  for (const auto& channel : MessagingChannels({})) EXPECT_FALSE(channel->enabled());
}

}  // namespace
}  // namespace gutbot::adapters
