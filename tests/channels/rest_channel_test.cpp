#include "adapters/channels/rest_channel.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace gutbot::adapters {
namespace {

using nlohmann::json;

const RestChannel kChannel(RestOptions{"k3y"});

WebhookRequest Request(Headers headers, std::string body = "") {
  return {std::move(headers), std::move(body)};
}

TEST(RestChannel, AcceptsTheKeyAsBearerOrApiKeyHeader) {
  EXPECT_FALSE(kChannel.authenticate(Request({{"authorization", "Bearer k3y"}}), 0));
  EXPECT_FALSE(kChannel.authenticate(Request({{"x-api-key", "k3y"}}), 0));
}

TEST(RestChannel, RefusesAMissingOrWrongKey) {
  for (const Headers& headers :
       {Headers{}, Headers{{"authorization", "Bearer nope"}}, Headers{{"authorization", "k3y"}},
        Headers{{"x-api-key", ""}}, Headers{{"x-api-key", "k3y "}}}) {
    const auto refused = kChannel.authenticate(Request(headers), 0);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, bot::ErrorCode::kUnauthorized);
  }
}

TEST(RestChannel, DecodesRasasDocumentedRequest) {
  const auto inbound =
      kChannel.decode(Request({}, R"({"sender": "test_user", "message": "Hi there!"})"));
  ASSERT_TRUE(inbound) << inbound.error().message;
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kTurn);
  EXPECT_EQ(inbound.value().message.user, "rest:test_user");
  EXPECT_EQ(inbound.value().message.text, "Hi there!");
  EXPECT_EQ(inbound.value().message.channel, "rest");
  EXPECT_TRUE(inbound.value().delivery_id.empty());
}

TEST(RestChannel, RefusesMalformedBodies) {
  for (const char* body :
       {"", "not json", "[]", R"({"message": "hi"})", R"({"sender": "", "message": "hi"})",
        R"({"sender": 7, "message": "hi"})", R"({"sender": "u"})",
        R"({"sender": "u", "message": 3})"}) {
    const auto inbound = kChannel.decode(Request({}, body));
    ASSERT_FALSE(inbound) << body;
    EXPECT_EQ(inbound.error().code, bot::ErrorCode::kInvalidPayload);
  }
  EXPECT_FALSE(kChannel.decode(
      Request({}, json{{"sender", std::string(257, 'a')}, {"message", "hi"}}.dump())));
}

TEST(RestChannel, EncodesTheReplyAsRasasMessageList) {
  Inbound inbound;
  inbound.reply_to = "test_user";
  bot::Reply reply;
  reply.text = "Hello!";
  reply.suggestions = {"What is leaky gut?", "Bye"};
  const WebhookResponse response = kChannel.encode(reply, inbound);
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(json::parse(response.body),
            json::parse(R"([{"recipient_id": "test_user", "text": "Hello!",
      "buttons": [{"title": "What is leaky gut?", "payload": "What is leaky gut?"},
                  {"title": "Bye", "payload": "Bye"}]}])"));
  reply.suggestions.clear();
  EXPECT_EQ(json::parse(kChannel.encode(reply, inbound).body),
            json::parse(R"([{"recipient_id": "test_user", "text": "Hello!"}])"));
}

TEST(RestChannel, RepliesInTheHttpResponse) {
  EXPECT_EQ(kChannel.path(), "/webhooks/rest/webhook");
  EXPECT_TRUE(kChannel.enabled());
  EXPECT_FALSE(RestChannel(RestOptions{}).enabled());
  EXPECT_EQ(kChannel.api_ca_file(), std::nullopt);
  EXPECT_EQ(kChannel.reply_call(bot::Reply{}, Inbound{}), std::nullopt);
}

}  // namespace
}  // namespace gutbot::adapters
