#include "adapters/channels/telegram_channel.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace gutbot::adapters {
namespace {

using nlohmann::json;

const TelegramChannel kChannel(TelegramOptions{"t0ken"});

// Telegram's documented sample update, with `text` as the message text.
std::string SampleUpdate(const std::string& text) {
  json update = json::parse(R"({"update_id": 10000,
    "message": {"date": 1441645532,
      "chat": {"last_name": "Test Lastname", "id": 1111111, "type": "private",
               "first_name": "Test Firstname", "username": "Testusername"},
      "message_id": 1365,
      "from": {"last_name": "Test Lastname", "id": 1111111, "first_name": "Test Firstname",
               "username": "Testusername"},
      "text": "/start"}})");
  update["message"]["text"] = text;
  return update.dump();
}

WebhookRequest Request(std::string body) { return {{}, std::move(body)}; }

TEST(TelegramChannel, ChecksTheSecretToken) {
  EXPECT_FALSE(kChannel.authenticate({{{"x-telegram-bot-api-secret-token", "t0ken"}}, ""}, 0));
  for (const Headers& headers : {Headers{}, Headers{{"x-telegram-bot-api-secret-token", "t0ke"}},
                                 Headers{{"x-telegram-bot-api-secret-token", ""}}}) {
    const auto refused = kChannel.authenticate({headers, ""}, 0);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, bot::ErrorCode::kUnauthorized);
  }
}

TEST(TelegramChannel, DecodesTheDocumentedSampleUpdate) {
  const auto inbound = kChannel.decode(Request(SampleUpdate("what is zonulin?")));
  ASSERT_TRUE(inbound) << inbound.error().message;
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kTurn);
  EXPECT_EQ(inbound.value().message.user, "telegram:1111111");
  EXPECT_EQ(inbound.value().message.text, "what is zonulin?");
  EXPECT_EQ(inbound.value().message.channel, "telegram");
  EXPECT_EQ(inbound.value().delivery_id, "10000");
  EXPECT_EQ(inbound.value().reply_to, "1111111");
}

TEST(TelegramChannel, StartAsksForTheWelcomeAndOtherCommandsAreWords) {
  for (const char* start : {"/start", "/start@gutbot_bot", "/start campaign-7"}) {
    const auto inbound = kChannel.decode(Request(SampleUpdate(start)));
    ASSERT_TRUE(inbound);
    EXPECT_EQ(inbound.value().kind, Inbound::Kind::kWelcome) << start;
  }
  const auto help = kChannel.decode(Request(SampleUpdate("/help@gutbot_bot")));
  ASSERT_TRUE(help);
  EXPECT_EQ(help.value().kind, Inbound::Kind::kTurn);
  EXPECT_EQ(help.value().message.text, "help");
}

TEST(TelegramChannel, AcknowledgesUpdatesWithoutTextAndIgnoresThem) {
  for (const char* body :
       {R"({"update_id": 1, "edited_message": {"chat": {"id": 5}, "text": "x"}})",
        R"({"update_id": 2, "message": {"chat": {"id": 5}, "photo": []}})",
        R"({"update_id": 3, "message": {"chat": {"id": 5}, "text": 42}})"}) {
    const auto inbound = kChannel.decode(Request(body));
    ASSERT_TRUE(inbound) << body;
    EXPECT_EQ(inbound.value().kind, Inbound::Kind::kAnswered);
    EXPECT_EQ(inbound.value().response.status, 200u);
    EXPECT_EQ(inbound.value().response.body, "");
  }
}

TEST(TelegramChannel, RefusesWhatIsNotAnUpdate) {
  for (const char* body : {"", "[1]", R"({"message": {"text": "hi"}})", R"({"update_id": "7"})",
                           R"({"update_id": 7, "message": {"text": "hi", "chat": {"id": "5"}}})"}) {
    const auto inbound = kChannel.decode(Request(body));
    ASSERT_FALSE(inbound) << body;
    EXPECT_EQ(inbound.error().code, bot::ErrorCode::kInvalidPayload);
  }
}

TEST(TelegramChannel, AnswersWithSendMessageAndAReplyKeyboard) {
  Inbound inbound;
  inbound.reply_to = "-1001234567890";  // a supergroup's id: beyond 32 bits, negative
  bot::Reply reply;
  reply.text = "Zonulin is a protein.";
  reply.suggestions = {"Tell me more", "Sources?"};
  const WebhookResponse response = kChannel.encode(reply, inbound);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(json::parse(response.body),
            json::parse(R"({"method": "sendMessage", "chat_id": -1001234567890,
      "text": "Zonulin is a protein.",
      "reply_markup": {"keyboard": [[{"text": "Tell me more"}], [{"text": "Sources?"}]],
                       "resize_keyboard": true, "one_time_keyboard": true}})"));
  reply.suggestions.clear();
  EXPECT_EQ(json::parse(kChannel.encode(reply, inbound).body)["reply_markup"],
            json::parse(R"({"remove_keyboard": true})"));
}

}  // namespace
}  // namespace gutbot::adapters
