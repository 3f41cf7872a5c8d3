#include "adapters/channels/channel_options.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace gutbot::adapters {
namespace {

using nlohmann::json;

std::string ErrorOf(const json& channels) {
  try {
    ChannelOptionsFromJson(channels);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(ChannelOptionsFromJson, EveryChannelIsDisabledByDefault) {
  for (const ChannelOptions& options :
       {ChannelOptionsFromJson(nullptr), ChannelOptionsFromJson(json::object())}) {
    EXPECT_EQ(options.rest.api_key, "");
    EXPECT_EQ(options.telegram.secret_token, "");
    EXPECT_EQ(options.slack.signing_secret, "");
    EXPECT_EQ(options.slack.api_base_url, "https://slack.com/api");
    EXPECT_EQ(options.twilio.auth_token, "");
    EXPECT_EQ(options.delivery_ledger_ttl, std::chrono::seconds(3600));
  }
}

TEST(ChannelOptionsFromJson, ReadsEveryChannel) {
  const ChannelOptions options = ChannelOptionsFromJson(json::parse(R"({
    "rest": {"api_key": "k"}, "telegram": {"secret_token": "t"},
    "slack": {"signing_secret": "s", "bot_token": "xoxb", "api_base_url": "https://localhost:9/api",
              "ca_file": "ca.pem"},
    "twilio": {"auth_token": "a", "public_url": "https://bot.example.com/webhooks/twilio/webhook"},
    "delivery_ledger_ttl": 60})"));
  EXPECT_EQ(options.rest.api_key, "k");
  EXPECT_EQ(options.telegram.secret_token, "t");
  EXPECT_EQ(options.slack.signing_secret, "s");
  EXPECT_EQ(options.slack.bot_token, "xoxb");
  EXPECT_EQ(options.slack.api_base_url, "https://localhost:9/api");
  EXPECT_EQ(options.slack.ca_file, "ca.pem");
  EXPECT_EQ(options.twilio.auth_token, "a");
  EXPECT_EQ(options.twilio.public_url, "https://bot.example.com/webhooks/twilio/webhook");
  EXPECT_EQ(options.delivery_ledger_ttl, std::chrono::seconds(60));
}

TEST(ChannelOptionsFromJson, NamesTheKeyOfAnUnknownOrMistypedSetting) {
  EXPECT_EQ(ErrorOf(json::parse(R"({"whatsapp": {}})")), "channels.whatsapp: unknown setting");
  EXPECT_EQ(ErrorOf(json::parse(R"({"slack": {"signing_secert": "s"}})")),
            "channels.slack.signing_secert: unknown setting");
  EXPECT_EQ(ErrorOf(json::parse(R"({"slack": {"bot_token": 7}})")),
            "channels.slack.bot_token: must be a string");
  EXPECT_EQ(ErrorOf(json::parse(R"({"telegram": "t"})")), "channels.telegram: must be an object");
  EXPECT_EQ(ErrorOf(json::parse(R"({"delivery_ledger_ttl": -1})")),
            "channels.delivery_ledger_ttl: must be a whole number >= 0");
  EXPECT_EQ(ErrorOf(json::parse("[]")), "channels: must be an object");
}

TEST(ChannelOptionsFromJson, TwilioNeedsThePublicUrlItsSignaturesCover) {
  EXPECT_EQ(ErrorOf(json::parse(R"({"twilio": {"auth_token": "t"}})")),
            "channels.twilio.public_url: needed with an auth_token (the URL Twilio calls)");
}

TEST(ChannelOptionsToJson, IsReadBackAsTheSameOptions) {
  ChannelOptions options;
  options.slack.bot_token = "xoxb";
  options.twilio.public_url = "https://x";
  const json written = ChannelOptionsToJson(options);
  EXPECT_EQ(ChannelOptionsToJson(ChannelOptionsFromJson(written)), written);
  EXPECT_EQ(written["slack"]["bot_token"], "xoxb");
}

}  // namespace
}  // namespace gutbot::adapters
