// The messaging platforms' webhooks on the real binary: each platform's
// request signed as the platform signs it, Slack's replies arriving at a
// local HTTPS server that stands in for slack.com.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/channels/channel.h"
#include "adapters/channels/slack_channel.h"
#include "adapters/channels/twilio_channel.h"
#include "bot/common/url_encoding.h"
#include "http_client.h"
#include "https_stub.h"
#include "server_process.h"
#include "stored_turns.h"

namespace gutbot::testing {
namespace {

using nlohmann::json;

const std::string kRepoRoot = std::filesystem::path(GUTBOT_TEST_DATA).parent_path().string();
constexpr char kApiKey[] = "rest-key";
constexpr char kTelegramToken[] = "telegram-secret";
constexpr char kSlackSecret[] = "slack-signing-secret";
constexpr char kTwilioToken[] = "twilio-auth-token";
constexpr char kTwilioUrl[] = "https://bot.example.com/webhooks/twilio/webhook";

std::string TelegramUpdate(long long update_id, const std::string& text) {
  return json{{"update_id", update_id},
              {"message",
               {{"message_id", 1},
                {"date", 1441645532},
                {"chat", {{"id", 1111111}, {"type", "private"}}},
                {"from", {{"id", 1111111}, {"first_name", "Test"}}},
                {"text", text}}}}
      .dump();
}

HttpHeaders SlackHeaders(const std::string& body, const std::string& content_type,
                         std::time_t at = std::time(nullptr)) {
  const std::string stamp = std::to_string(at);
  return {{"Content-Type", content_type},
          {"X-Slack-Request-Timestamp", stamp},
          {"X-Slack-Signature", adapters::SlackSignature(kSlackSecret, stamp, body)}};
}

std::string SlackDirectMessage(const std::string& event_id, const std::string& text) {
  return json{{"type", "event_callback"},
              {"team_id", "T1"},
              {"event_id", event_id},
              {"event",
               {{"type", "message"},
                {"channel", "D1"},
                {"user", "U1"},
                {"text", text},
                {"channel_type", "im"}}}}
      .dump();
}

HttpHeaders TwilioHeaders(const std::string& body) {
  return {{"Content-Type", "application/x-www-form-urlencoded"},
          {"X-Twilio-Signature",
           adapters::TwilioSignature(kTwilioToken, kTwilioUrl, bot::ParseForm(body))}};
}

void ExpectError(const HttpResponse& response, int status, const std::string& code) {
  EXPECT_EQ(response.status, status) << response.body;
  const json body = json::parse(response.body, nullptr, false);
  EXPECT_EQ(body.value("code", ""), code) << response.body;
}

// One server with every channel enabled, and the stand-in for slack.com.
class WebhooksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    slack_api_ = std::make_unique<HttpsStub>();
    db_ = FreshTempPath("gutbot-webhooks-test") + ".db";
    config_ = FreshTempPath("gutbot-webhooks-test") + ".json";
    std::ofstream(config_) << json{
        {"channels",
         {{"rest", {{"api_key", kApiKey}}},
          {"telegram", {{"secret_token", kTelegramToken}}},
          {"slack",
           {{"signing_secret", kSlackSecret},
            {"bot_token", "xoxb-test"},
            {"api_base_url", "https://localhost:" + std::to_string(slack_api_->port()) + "/api"},
            {"ca_file", slack_api_->ca_file()}}},
          {"twilio", {{"auth_token", kTwilioToken}, {"public_url", kTwilioUrl}}}}},
        // The flood test's forger is named by X-Forwarded-For; the other
        // tests' requests are 127.0.0.1's own.
        {"server",
         {{"trusted_proxies", {"127.0.0.1"}},
          {"webhook_requests_per_second", 5},
          {"webhook_burst", 50}}}};
    server_ = std::make_unique<ServerProcess>(
        GUTBOT_BINARY,
        std::vector<std::string>{"serve", "--port", "0", "--db", db_, "--config", config_},
        kRepoRoot);
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) {
      EXPECT_EQ(server_->stop(), 0) << server_->log();
    }
    server_.reset();
    slack_api_.reset();
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(db_ + suffix);
    std::filesystem::remove(config_);
  }

  static HttpResponse Post(const std::string& channel, const std::string& body,
                           const HttpHeaders& headers) {
    return HttpRequest(server_->port(), "POST", "/webhooks/" + channel + "/webhook", body, headers);
  }

  static inline std::string db_;
  static inline std::string config_;
  static inline std::unique_ptr<HttpsStub> slack_api_;
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(WebhooksTest, RestAnswersInRasasFormat) {
  const HttpResponse response =
      Post("rest", R"({"sender": "alice", "message": "what is zonulin?"})",
           {{"Authorization", std::string("Bearer ") + kApiKey}});
  ASSERT_EQ(response.status, 200) << response.body;
  const json messages = json::parse(response.body);
  ASSERT_TRUE(messages.is_array() && messages.size() == 1) << response.body;
  EXPECT_EQ(messages[0]["recipient_id"], "alice");
  EXPECT_NE(messages[0]["text"].get<std::string>().find("protein"), std::string::npos)
      << response.body;
  ASSERT_TRUE(messages[0]["buttons"].is_array() && !messages[0]["buttons"].empty())
      << response.body;
  EXPECT_EQ(messages[0]["buttons"][0]["title"], messages[0]["buttons"][0]["payload"]);
}

TEST_F(WebhooksTest, RestRefusesAMissingOrWrongKey) {
  const std::string body = R"({"sender": "alice", "message": "hi"})";
  ExpectError(Post("rest", body, {}), 401, "unauthorized");
  ExpectError(Post("rest", body, {{"X-Api-Key", "guess"}}), 401, "unauthorized");
}

TEST_F(WebhooksTest, TelegramStartGetsTheWelcomeWithAKeyboard) {
  const HttpResponse response = Post("telegram", TelegramUpdate(100, "/start"),
                                     {{"X-Telegram-Bot-Api-Secret-Token", kTelegramToken}});
  ASSERT_EQ(response.status, 200) << response.body;
  const json call = json::parse(response.body);
  EXPECT_EQ(call["method"], "sendMessage");
  EXPECT_EQ(call["chat_id"], 1111111);
  EXPECT_FALSE(call["text"].get<std::string>().empty());
  EXPECT_FALSE(call["reply_markup"]["keyboard"].empty()) << response.body;
}

// Telegram repeats an update whose answer it did not get: the repeat gets
// that answer, and no second turn is taken.
TEST_F(WebhooksTest, TelegramAnswersAnUpdateOnceHoweverOftenItComes) {
  const HttpHeaders headers{{"X-Telegram-Bot-Api-Secret-Token", kTelegramToken}};
  const HttpResponse first =
      Post("telegram", TelegramUpdate(101, "what causes leaky gut?"), headers);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body)["method"], "sendMessage");
  const HttpResponse repeat =
      Post("telegram", TelegramUpdate(101, "what causes leaky gut?"), headers);
  EXPECT_EQ(repeat.status, 200);
  EXPECT_EQ(repeat.body, first.body);
  const auto turns = ReadStoredTurns(db_)["telegram:1111111"];
  EXPECT_EQ(std::count_if(
                turns.begin(), turns.end(),
                [](const StoredTurn& turn) { return turn.user_text == "what causes leaky gut?"; }),
            1);
}

TEST_F(WebhooksTest, TelegramIgnoresUpdatesWithoutTextAndRefusesAWrongSecret) {
  const HttpResponse sticker =
      Post("telegram", R"({"update_id": 102, "message": {"chat": {"id": 5}, "sticker": {}}})",
           {{"X-Telegram-Bot-Api-Secret-Token", kTelegramToken}});
  EXPECT_EQ(sticker.status, 200);
  EXPECT_EQ(sticker.body, "");
  ExpectError(
      Post("telegram", TelegramUpdate(103, "hi"), {{"X-Telegram-Bot-Api-Secret-Token", "guess"}}),
      401, "unauthorized");
}

TEST_F(WebhooksTest, SlackAnswersTheUrlVerificationChallenge) {
  const std::string body = R"({"token": "x", "challenge": "c-123", "type": "url_verification"})";
  const HttpResponse response = Post("slack", body, SlackHeaders(body, "application/json"));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json::parse(response.body)["challenge"], "c-123");
}

TEST_F(WebhooksTest, SlackRefusesForgedAndStaleRequests) {
  const std::string body = SlackDirectMessage("EvForged", "hi");
  HttpHeaders forged = SlackHeaders(body, "application/json");
  forged[2].second[5] = forged[2].second[5] == 'a' ? 'b' : 'a';
  ExpectError(Post("slack", body, forged), 401, "unauthorized");
  ExpectError(Post("slack", body, SlackHeaders(body, "application/json", std::time(nullptr) - 600)),
              401, "stale_request");
}

TEST_F(WebhooksTest, SlackSlashCommandIsAnsweredInTheResponse) {
  const std::string body =
      "token=x&team_id=T1&channel_id=C1&user_id=U7&command=%2Fgutbot&text=what+is+zonulin%3F";
  const HttpResponse response =
      Post("slack", body, SlackHeaders(body, "application/x-www-form-urlencoded"));
  ASSERT_EQ(response.status, 200) << response.body;
  const json answer = json::parse(response.body);
  EXPECT_EQ(answer["response_type"], "ephemeral");
  EXPECT_NE(answer["text"].get<std::string>().find("protein"), std::string::npos) << response.body;
}

// Issue #20, finding 4: signed text that is not UTF-8, or only white space,
// is refused at the boundary and stored nowhere; the same user is then served.
TEST_F(WebhooksTest, SlashCommandTextThatIsNotUtf8OrBlankIsRefused) {
  const std::string form = "token=x&team_id=T1&channel_id=C1&user_id=U8&command=%2Fgutbot&text=";
  for (const auto& [text, code] :
       {std::pair{"%FF%FEzonulin", "invalid_utf8"}, std::pair{"%09+%0D%0A", "empty_text"}}) {
    const std::string body = form + text;
    ExpectError(Post("slack", body, SlackHeaders(body, "application/x-www-form-urlencoded")), 400,
                code);
  }
  EXPECT_EQ(ReadStoredTurns(db_).count("slack:T1:U8"), 0u);
  const std::string body = form + "what+is+zonulin%3F";
  EXPECT_EQ(Post("slack", body, SlackHeaders(body, "application/x-www-form-urlencoded")).status,
            200);
}

// Issue #20, finding 7: a signed slash command replayed within its five
// minutes is answered as the first time, never a second turn.
TEST_F(WebhooksTest, AReplayedSlashCommandIsAnsweredOnce) {
  const std::string body =
      "token=x&team_id=T1&channel_id=C1&user_id=U9&command=%2Fgutbot&text=what+is+zonulin%3F&"
      "trigger_id=13345224609.738474920.8088930838d88f008e0";
  const HttpHeaders headers = SlackHeaders(body, "application/x-www-form-urlencoded");
  const HttpResponse first = Post("slack", body, headers);
  ASSERT_EQ(first.status, 200) << first.body;
  const HttpResponse replay = Post("slack", body, headers);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(ReadStoredTurns(db_)["slack:T1:U9"].size(), 1u);
}

TEST_F(WebhooksTest, SlackDirectMessageIsRepliedThroughPostMessageOncePerEvent) {
  const std::string question = SlackDirectMessage("Ev1", "what is zonulin?");
  const HttpResponse first = Post("slack", question, SlackHeaders(question, "application/json"));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "");
  HttpHeaders retry = SlackHeaders(question, "application/json");
  retry.emplace_back("X-Slack-Retry-Num", "1");
  retry.emplace_back("X-Slack-Retry-Reason", "http_timeout");
  EXPECT_EQ(Post("slack", question, retry).status, 200);
  const std::string thanks = SlackDirectMessage("Ev2", "thank you");
  EXPECT_EQ(Post("slack", thanks, SlackHeaders(thanks, "application/json")).status, 200);

  // A second answer to Ev1 would make a third post.
  const auto posts = slack_api_->wait_for(2);
  ASSERT_EQ(posts.size(), 2u);
  for (const auto& post : posts) {
    EXPECT_EQ(post.target, "/api/chat.postMessage");
    EXPECT_EQ(post.authorization, "Bearer xoxb-test");
    EXPECT_EQ(json::parse(post.body)["channel"], "D1");
  }
  // Each post has its own HTTPS connection, so they may arrive in either
  // order: one answers Ev1 (zonulin is a protein), the other the thanks.
  const auto about_zonulin = std::count_if(posts.begin(), posts.end(), [](const auto& post) {
    const std::string text = json::parse(post.body)["text"];
    return text.find("protein") != std::string::npos;
  });
  EXPECT_EQ(about_zonulin, 1);
  EXPECT_EQ(ReadStoredTurns(db_)["slack:T1:U1"].size(), 2u);
}

TEST_F(WebhooksTest, TwilioAnswersWithTwimlAndARetryWithTheSameAnswer) {
  const std::string body =
      "ToCountry=US&SmsMessageSid=SM42a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6&NumMedia=0&Body=what+is+"
      "zonulin%3F&"
      "To=%2B15017122661&MessageSid=SM42a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6&"
      "AccountSid=AC1&From=%2B15558675310&ApiVersion=2010-04-01";
  const HttpResponse first = Post("twilio", body, TwilioHeaders(body));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.content_type, "text/xml; charset=utf-8");
  EXPECT_TRUE(
      first.body.starts_with(R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>)"))
      << first.body;
  EXPECT_NE(first.body.find("protein"), std::string::npos);
  EXPECT_NE(first.body.find("Reply with: "), std::string::npos);
  const HttpResponse retry = Post("twilio", body, TwilioHeaders(body));
  EXPECT_EQ(retry.status, 200);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(ReadStoredTurns(db_)["sms:+15558675310"].size(), 1u);
}

// Issue #20, finding 5: forged requests from one address are refused by
// rate (429, before any signature work) once its burst is spent, and logged
// as counted summaries, never a line each; a genuine delivery is answered.
TEST_F(WebhooksTest, AForgedFloodIsRateLimitedAndLoggedAsCounts) {
  const std::size_t log_before = server_->log().size();
  const std::string forged_body = "Body=hi&MessageSid=SM9&From=%2B15550000000";
  const HttpHeaders forged = {{"Content-Type", "application/x-www-form-urlencoded"},
                              {"X-Twilio-Signature", "forged"},
                              {"X-Forwarded-For", "203.0.113.66"}};
  int unauthorized = 0, limited = 0;
  for (int i = 0; i < 300; ++i) {
    const int status = Post("twilio", forged_body, forged).status;
    unauthorized += status == 401;
    limited += status == 429;
  }
  EXPECT_EQ(unauthorized + limited, 300);
  EXPECT_GE(limited, 150);
  const std::string body =
      "Body=what+is+zonulin&MessageSid=SM44a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6&From=%2B15558675311&To=%"
      "2B15017122661&"
      "AccountSid=AC1";
  EXPECT_EQ(Post("twilio", body, TwilioHeaders(body)).status, 200);
  const std::string log = server_->log().substr(log_before);
  const std::string event = "\"webhook_refused\"";
  std::size_t lines = 0;
  for (auto at = log.find(event); at != std::string::npos; at = log.find(event, at + 1)) ++lines;
  EXPECT_LE(lines, 3u) << log;
}

TEST_F(WebhooksTest, TwilioRefusesAForgedRequest) {
  const std::string body = "Body=hi&MessageSid=SM43&From=%2B15558675310";
  HttpHeaders headers = TwilioHeaders(body);
  ExpectError(Post("twilio", body + "&To=%2B1", headers), 401, "unauthorized");
}

// Issue #20, finding 7: the delivery ledger is in the store, so a retry that
// comes after a restart (or to another instance on the store) is answered
// with the first answer, not a second turn.
TEST(WebhooksRestart, ARetryAfterARestartIsAnsweredOnce) {
  const std::string db = FreshTempPath("gutbot-ledger") + ".db";
  const std::string config = FreshTempPath("gutbot-ledger") + ".json";
  std::ofstream(config) << json{{"channels", {{"telegram", {{"secret_token", kTelegramToken}}}}}};
  const std::string update = TelegramUpdate(424242, "what is zonulin?");
  const HttpHeaders headers = {{"X-Telegram-Bot-Api-Secret-Token", kTelegramToken}};
  std::string first;
  for (int run = 0; run < 2; ++run) {
    ServerProcess server(GUTBOT_BINARY, {"serve", "--port", "0", "--db", db, "--config", config},
                         kRepoRoot);
    const HttpResponse answer =
        HttpRequest(server.port(), "POST", "/webhooks/telegram/webhook", update, headers);
    ASSERT_EQ(answer.status, 200) << answer.body;
    if (run == 0) first = answer.body;
    EXPECT_EQ(answer.body, first);
    EXPECT_EQ(server.stop(), 0);
  }
  EXPECT_EQ(ReadStoredTurns(db)["telegram:1111111"].size(), 1u);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  std::filesystem::remove(config);
}

TEST(WebhooksDisabled, AChannelWithoutItsSecretIsNotServed) {
  const std::string db = FreshTempPath("gutbot-webhooks-off") + ".db";
  {
    ServerProcess server(GUTBOT_BINARY, {"serve", "--port", "0", "--db", db}, kRepoRoot);
    for (const char* channel : {"rest", "telegram", "slack", "twilio"}) {
      ExpectError(HttpRequest(server.port(), "POST",
                              std::string("/webhooks/") + channel + "/webhook", "{}"),
                  404, "channel_disabled");
    }
    EXPECT_EQ(server.stop(), 0) << server.log();
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(db + suffix);
}

}  // namespace
}  // namespace gutbot::testing
