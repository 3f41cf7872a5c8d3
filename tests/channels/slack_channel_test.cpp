#include "adapters/channels/slack_channel.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace gutbot::adapters {
namespace {

using nlohmann::json;

constexpr char kSecret[] = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr std::int64_t kNow = 1531420618;
const SlackChannel kChannel(SlackOptions{kSecret, "xoxb-test", "https://slack.com/api", ""});

WebhookRequest Signed(std::string body, std::int64_t timestamp = kNow,
                      std::string content_type = "application/json") {
  const std::string stamp = std::to_string(timestamp);
  return {{{"content-type", std::move(content_type)},
           {"x-slack-request-timestamp", stamp},
           {"x-slack-signature", SlackSignature(kSecret, stamp, body)}},
          std::move(body)};
}

// The Events API's documented sample: a direct message to the app.
json SampleDirectMessage() {
  return json::parse(R"({"token": "XXYYZZ", "team_id": "T123ABC456", "api_app_id": "A123ABC456",
    "event": {"type": "message", "channel": "D024BE91L", "user": "U2147483697",
              "text": "Hello hello can you hear me?", "ts": "1355517523.000005",
              "event_ts": "1355517523.000005", "channel_type": "im"},
    "type": "event_callback", "authed_users": ["U123ABC456"], "event_id": "Ev123ABC456",
    "event_time": 1355517523})");
}

TEST(SlackChannel, AcceptsASignedRequestWithinFiveMinutes) {
  EXPECT_FALSE(kChannel.authenticate(Signed("{}"), kNow));
  EXPECT_FALSE(kChannel.authenticate(Signed("{}", kNow - 300), kNow));
  EXPECT_FALSE(kChannel.authenticate(Signed("{}", kNow + 300), kNow));
}

TEST(SlackChannel, RefusesForgedRequests) {
  WebhookRequest altered = Signed(R"({"type":"event_callback"})");
  altered.body += " ";
  WebhookRequest unsigned_request = Signed("{}");
  unsigned_request.headers.erase("x-slack-signature");
  WebhookRequest bad_stamp = Signed("{}");
  bad_stamp.headers["x-slack-request-timestamp"] = "15314x0618";
  for (const WebhookRequest& request : {altered, unsigned_request, bad_stamp}) {
    const auto refused = kChannel.authenticate(request, kNow);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, bot::ErrorCode::kUnauthorized);
  }
  const SlackChannel other(SlackOptions{"another secret", "", "", ""});
  EXPECT_TRUE(other.authenticate(Signed("{}"), kNow));
}

TEST(SlackChannel, RefusesStaleAndFutureRequestsAsReplays) {
  for (const std::int64_t stamp : {kNow - 301, kNow + 301, std::int64_t{0}}) {
    const auto refused = kChannel.authenticate(Signed("{}", stamp), kNow);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, bot::ErrorCode::kStaleRequest);
  }
}

TEST(SlackChannel, AnswersTheUrlVerificationChallenge) {
  const auto inbound = kChannel.decode(Signed(
      R"({"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
          "type": "url_verification"})"));
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kAnswered);
  EXPECT_EQ(
      json::parse(inbound.value().response.body),
      json::parse(R"({"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"})"));
}

TEST(SlackChannel, DecodesTheDocumentedDirectMessageEvent) {
  const auto inbound = kChannel.decode(Signed(SampleDirectMessage().dump()));
  ASSERT_TRUE(inbound) << inbound.error().message;
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kTurn);
  EXPECT_TRUE(inbound.value().reply_by_api);
  EXPECT_EQ(inbound.value().message.user, "slack:T123ABC456:U2147483697");
  EXPECT_EQ(inbound.value().message.text, "Hello hello can you hear me?");
  EXPECT_EQ(inbound.value().delivery_id, "Ev123ABC456");
  EXPECT_EQ(inbound.value().reply_to, "D024BE91L");
  EXPECT_EQ(inbound.value().response.status, 200u);
  EXPECT_EQ(inbound.value().response.body, "");
}

TEST(SlackChannel, DecodesAMentionWithoutTheMention) {
  json envelope = SampleDirectMessage();
  envelope["event"] = json::parse(R"({"type": "app_mention", "user": "U061F7AUR",
      "text": "<@U0LAN0Z89> is it everything a river should be?", "ts": "1515449522.000016",
      "channel": "C123ABC456", "event_ts": "1515449522000016"})");
  const auto inbound = kChannel.decode(Signed(envelope.dump()));
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kTurn);
  EXPECT_EQ(inbound.value().message.text, "is it everything a river should be?");
  EXPECT_EQ(inbound.value().reply_to, "C123ABC456");
}

TEST(SlackChannel, IgnoresBotsEditsChannelChatterAndOtherEvents) {
  json from_bot = SampleDirectMessage();
  from_bot["event"]["bot_id"] = "B123";
  json edited = SampleDirectMessage();
  edited["event"]["subtype"] = "message_changed";
  json in_channel = SampleDirectMessage();
  in_channel["event"]["channel_type"] = "channel";
  json reaction = SampleDirectMessage();
  reaction["event"]["type"] = "reaction_added";
  const json rate_limited = {{"type", "app_rate_limited"}, {"team_id", "T1"}};
  for (const json& envelope : {from_bot, edited, in_channel, reaction, rate_limited}) {
    const auto inbound = kChannel.decode(Signed(envelope.dump()));
    ASSERT_TRUE(inbound) << envelope.dump();
    EXPECT_EQ(inbound.value().kind, Inbound::Kind::kAnswered) << envelope.dump();
    EXPECT_EQ(inbound.value().response.status, 200u);
  }
}

TEST(SlackChannel, DecodesASlashCommand) {
  const auto inbound = kChannel.decode(
      Signed("token=x&team_id=T1DC2JH3J&channel_id=G8PSS9T3V&user_id=U2CERLKJA&command=%2Fgutbot&"
             "text=what+causes+it%3F",
             kNow, "application/x-www-form-urlencoded"));
  ASSERT_TRUE(inbound) << inbound.error().message;
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kTurn);
  EXPECT_FALSE(inbound.value().reply_by_api);
  EXPECT_EQ(inbound.value().message.user, "slack:T1DC2JH3J:U2CERLKJA");
  EXPECT_EQ(inbound.value().message.text, "what causes it?");
}

// Issue #20, finding 12: team "T:1" with user "U" and team "T" with user
// "1:U" were both "slack:T:1:U"; escaped, each has its own conversation.
TEST(SlackChannel, ConversationKeysAreUnambiguous) {
  const auto key = [](const std::string& team, const std::string& user) {
    const auto inbound = kChannel.decode(Signed("team_id=" + team + "&user_id=" + user + "&text=hi",
                                                kNow, "application/x-www-form-urlencoded"));
    return inbound ? inbound.value().message.user : inbound.error().message;
  };
  EXPECT_NE(key("T%3A1", "U"), key("T", "1%3AU"));
  EXPECT_EQ(key("T%3A1", "U"), "slack:T%3A1:U");
  EXPECT_EQ(key("T%251", "U"), "slack:T%251:U");
  EXPECT_EQ(key("T1", "U1"), "slack:T1:U1");  // as stored before
}

TEST(SlackChannel, AcknowledgesTheCertificateCheck) {
  const auto inbound =
      kChannel.decode(Signed("ssl_check=1&token=x", kNow, "application/x-www-form-urlencoded"));
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kAnswered);
  EXPECT_EQ(inbound.value().response.status, 200u);
}

TEST(SlackChannel, AnEmptySlashCommandAsksForTheWelcome) {
  // Slack's documented slash-command example has an empty text.
  const auto inbound = kChannel.decode(
      Signed("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
             "G8PSS9T3V&"
             "user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=",
             kNow, "application/x-www-form-urlencoded"));
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kWelcome);
}

TEST(SlackChannel, RefusesMalformedPayloads) {
  for (const WebhookRequest& request :
       {Signed("not json"), Signed(R"({"type": "event_callback", "event": {}})"),
        Signed("text=hi", kNow, "application/x-www-form-urlencoded")}) {
    const auto inbound = kChannel.decode(request);
    ASSERT_FALSE(inbound) << request.body;
    EXPECT_EQ(inbound.error().code, bot::ErrorCode::kInvalidPayload);
  }
}

TEST(SlackChannel, EncodesASlashCommandAnswerAndAPostMessageCall) {
  bot::Reply reply;
  reply.text = "Zonulin is a protein.";
  reply.suggestions = {"Tell me more", "Sources?"};
  Inbound command;
  EXPECT_EQ(json::parse(kChannel.encode(reply, command).body),
            json::parse(R"({"response_type": "ephemeral",
                "text": "Zonulin is a protein.\n\nReply with: Tell me more / Sources?"})"));
  Inbound event;
  event.reply_by_api = true;
  event.reply_to = "D024BE91L";
  EXPECT_EQ(json::parse(kChannel.encode(reply, event).body), json::parse(R"({"channel": "D024BE91L",
                "text": "Zonulin is a protein.\n\nReply with: Tell me more / Sources?"})"));
}

TEST(SlackChannel, DeclaresItsWebhookAndEnabledBySigningSecret) {
  EXPECT_EQ(kChannel.name(), "slack");
  EXPECT_EQ(kChannel.path(), "/webhooks/slack/webhook");
  EXPECT_TRUE(kChannel.enabled());
  EXPECT_FALSE(SlackChannel(SlackOptions{}).enabled());
}

TEST(SlackChannel, RepliesToEventsWithAPostMessageCallCarryingTheBotToken) {
  bot::Reply reply;
  reply.text = "Zonulin is a protein.";
  Inbound event;
  event.reply_by_api = true;
  event.reply_to = "D024BE91L";
  const auto call = kChannel.reply_call(reply, event);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->url, "https://slack.com/api/chat.postMessage");
  EXPECT_EQ(call->body, kChannel.encode(reply, event).body);
  const std::vector<std::pair<std::string, std::string>> fields{
      {"Content-Type", "application/json; charset=utf-8"}, {"Authorization", "Bearer xoxb-test"}};
  EXPECT_EQ(call->fields, fields);
  EXPECT_EQ(kChannel.api_ca_file(), "");
}

TEST(SlackChannel, WithoutABotTokenMakesNoCalls) {
  const SlackChannel events_only(SlackOptions{kSecret, "", "https://slack.com/api", "ca.pem"});
  EXPECT_EQ(events_only.api_ca_file(), std::nullopt);
  EXPECT_EQ(events_only.reply_call(bot::Reply{}, Inbound{}), std::nullopt);
}

TEST(SlackChannel, APostMessageSucceedsOnlyWithOkTrue) {
  EXPECT_TRUE(kChannel.api_call_succeeded(200, R"({"ok": true, "ts": "1"})"));
  EXPECT_FALSE(kChannel.api_call_succeeded(200, R"({"ok": false, "error": "not_in_channel"})"));
  EXPECT_FALSE(kChannel.api_call_succeeded(200, R"({"ok": "true"})"));
  EXPECT_FALSE(kChannel.api_call_succeeded(200, "not json"));
  EXPECT_FALSE(kChannel.api_call_succeeded(500, R"({"ok": true})"));
}

}  // namespace
}  // namespace gutbot::adapters
