#include "adapters/channels/twilio_channel.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>

namespace gutbot::adapters {
namespace {

constexpr char kToken[] = "12345";
constexpr char kUrl[] = "https://bot.example.com/webhooks/twilio/webhook";
const TwilioChannel kChannel(TwilioOptions{kToken, kUrl});
constexpr char kSid[] = "SM1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";

// Twilio's documented incoming-SMS parameters, with `body` as the text.
std::vector<std::pair<std::string, std::string>> SampleSms(const std::string& body) {
  return {{"ToCountry", "US"},
          {"ToState", "CA"},
          {"SmsMessageSid", kSid},
          {"NumMedia", "0"},
          {"SmsSid", kSid},
          {"SmsStatus", "received"},
          {"Body", body},
          {"To", "+15017122661"},
          {"NumSegments", "1"},
          {"MessageSid", kSid},
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
    EXPECT_EQ(refused->code, bot::ErrorCode::kUnauthorized);
  }
}

TEST(TwilioChannel, DecodesTheDocumentedIncomingSms) {
  const auto inbound = kChannel.decode(Signed(SampleSms("what is zonulin?")));
  ASSERT_TRUE(inbound) << inbound.error().message;
  EXPECT_EQ(inbound.value().kind, Inbound::Kind::kTurn);
  EXPECT_EQ(inbound.value().message.user, "sms:+15558675310");
  EXPECT_EQ(inbound.value().message.text, "what is zonulin?");
  EXPECT_EQ(inbound.value().message.channel, "sms");
  EXPECT_EQ(inbound.value().delivery_id, kSid);
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

// Issue #20, finding 7: Twilio signs keys and values run together, so the
// parameters after MessageSid folded into its value keep the signature but
// make a new MessageSid, a second turn. The strict MessageSid format and
// form refuse that, and requests lacking what Twilio always sends.
TEST(TwilioChannel, RefusesFoldedParametersAndIncompleteOrRepeatedForms) {
  // Sorted, MessageSid is followed by NumMedia and NumSegments.
  std::vector<std::pair<std::string, std::string>> folded = SampleSms("hi");
  std::erase_if(folded,
                [](const auto& p) { return p.first == "NumMedia" || p.first == "NumSegments"; });
  for (auto& [name, value] : folded) {
    if (name == "MessageSid") value = std::string(kSid) + "NumMedia0NumSegments1";
  }
  const WebhookRequest replay{Signed(SampleSms("hi")).headers, FormEncode(folded)};
  EXPECT_FALSE(kChannel.authenticate(replay, 0));  // the original's signature still holds
  EXPECT_FALSE(kChannel.decode(replay));
  std::vector<std::pair<std::string, std::string>> no_to = SampleSms("hi");
  std::erase_if(no_to, [](const auto& p) { return p.first == "To"; });
  EXPECT_FALSE(kChannel.decode(Signed(no_to)));
  std::vector<std::pair<std::string, std::string>> twice = SampleSms("hi");
  twice.emplace_back("From", "+15550000000");
  EXPECT_FALSE(kChannel.decode(Signed(twice)));
  EXPECT_FALSE(kChannel.decode({{}, FormEncode(SampleSms("hi")) + "&junk"}));
  EXPECT_TRUE(kChannel.decode(Signed(SampleSms("hi"))));  // the genuine one
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
  EXPECT_NE(body.find("gut.\n\nWhat is Leaky Gut?: https://example.org/leaky-gut</Message>"),
            std::string::npos)
      << body;
}

}  // namespace
}  // namespace gutbot::adapters
