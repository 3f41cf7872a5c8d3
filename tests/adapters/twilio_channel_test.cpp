#include "adapters/twilio_channel.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>

namespace gutbot::adapters {
namespace {

constexpr char kToken[] = "12345";
constexpr char kUrl[] = "https://bot.example.com/webhooks/twilio/webhook";
const TwilioChannel kChannel(TwilioOptions{kToken, kUrl});

// Twilio's documented incoming-SMS parameters, with `body` as the text.
std::vector<std::pair<std::string, std::string>> SampleSms(const std::string& body) {
  return {{"ToCountry", "US"},
          {"ToState", "CA"},
          {"SmsMessageSid", "SM1a2b"},
          {"NumMedia", "0"},
          {"SmsSid", "SM1a2b"},
          {"SmsStatus", "received"},
          {"Body", body},
          {"To", "+15017122661"},
          {"NumSegments", "1"},
          {"MessageSid", "SM1a2b"},
          {"AccountSid", "AC9f8e"},
          {"From", "+15558675310"},
          {"ApiVersion", "2010-04-01"}};
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string body;
  for (const auto& [name, value] : params) {
    if (!body.empty()) body += '&';
    body += name + '=';
    for (const unsigned char c : value) {
      if (std::isalnum(c)) {
        body += static_cast<char>(c);
      } else if (c == ' ') {
        body += '+';
      } else {
        char escaped[4];
        std::snprintf(escaped, sizeof escaped, "%%%02X", c);
        body += escaped;
      }
    }
  }
  return body;
}

WebhookRequest Signed(const std::vector<std::pair<std::string, std::string>>& params) {
  return {{{"x-twilio-signature", TwilioSignature(kToken, kUrl, params)}}, FormEncode(params)};
}

TEST(TwilioChannel, AcceptsARequestSignedOverThePublicUrlAndTheParameters) {
  EXPECT_FALSE(kChannel.authenticate(Signed(SampleSms("what is zonulin?")), 0));
}

TEST(TwilioChannel, RefusesForgedRequests) {
  WebhookRequest altered = Signed(SampleSms("hi"));
  altered.body += "&Extra=1";
  WebhookRequest unsigned_request = Signed(SampleSms("hi"));
  unsigned_request.headers.clear();
  const TwilioChannel behind_another_url(
      TwilioOptions{kToken, "https://other.example.com/webhooks/twilio/webhook"});
  for (const auto& [channel, request] :
       {std::pair{&kChannel, altered}, std::pair{&kChannel, unsigned_request},
        std::pair{&behind_another_url, Signed(SampleSms("hi"))}}) {
    const auto refused = channel->authenticate(request, 0);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, "unauthorized");
  }
}

TEST(TwilioChannel, DecodesTheDocumentedIncomingSms) {
  const auto inbound = kChannel.decode(Signed(SampleSms("what is zonulin?")));
  ASSERT_TRUE(inbound) << inbound.error().message;
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kTurn);
  EXPECT_EQ(inbound.value().message.user, "sms:+15558675310");
  EXPECT_EQ(inbound.value().message.text, "what is zonulin?");
  EXPECT_EQ(inbound.value().message.channel, "sms");
  EXPECT_EQ(inbound.value().delivery_id, "SM1a2b");
  EXPECT_EQ(inbound.value().response.body,
            R"(<?xml version="1.0" encoding="UTF-8"?><Response></Response>)");
}

TEST(TwilioChannel, AMessageWithoutTextGetsAnEmptyResponse) {
  const auto inbound = kChannel.decode(Signed(SampleSms("")));
  ASSERT_TRUE(inbound);
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kAnswered);
  EXPECT_EQ(inbound.value().response.content_type, "text/xml; charset=utf-8");
}

TEST(TwilioChannel, RefusesARequestWithoutSenderOrSid) {
  EXPECT_FALSE(kChannel.decode({{}, "Body=hi&MessageSid=SM1"}));
  EXPECT_FALSE(kChannel.decode({{}, "Body=hi&From=%2B1555"}));
}

TEST(TwilioChannel, AnswersWithEscapedTwimlAndTheSuggestionsAsALine) {
  bot::Reply reply;
  reply.text = "Gluten & sugar <raise> \"zonulin\"'s level.";
  reply.suggestions = {"Tell me more", "Sources?"};
  const WebhookResponse response = kChannel.encode(reply, {});
  EXPECT_EQ(response.content_type, "text/xml; charset=utf-8");
  EXPECT_EQ(response.body, R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>)"
                           "Gluten &amp; sugar &lt;raise&gt; &quot;zonulin&quot;&apos;s "
                           "level.\n\nReply with: Tell me more / Sources?"
                           "</Message></Response>");
}

TEST(TwilioChannel, CutsLongAnswersToSmsLengthAtASentence) {
  bot::Reply reply;
  for (int i = 0; i < 40; ++i) reply.text += "This sentence is about the gut. ";
  const std::string body = kChannel.encode(reply, {}).body;
  const std::string message =
      body.substr(body.find("<Message>") + 9, body.find("</Message>") - body.find("<Message>") - 9);
  EXPECT_LE(message.size(), kSmsAnswerChars);
  EXPECT_GT(message.size(), kSmsAnswerChars / 2);
  EXPECT_TRUE(message.ends_with("gut.")) << message;
}

TEST(TwilioChannel, KeepsTheLinksOfALongAnswer) {
  bot::Reply reply;
  for (int i = 0; i < 40; ++i) reply.text += "This sentence is about the gut. ";
  reply.links = {{"What is Leaky Gut?", "https://example.org/leaky-gut"}};
  const std::string body = kChannel.encode(reply, {}).body;
  EXPECT_NE(body.find("gut.\n\nWhat is Leaky Gut?: https://example.org/leaky-gut</Message>"), std::string::npos) << body;
}

}  // namespace
}  // namespace gutbot::adapters
