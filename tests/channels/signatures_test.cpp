// The platforms' published signature examples.
#include <gtest/gtest.h>

#include "adapters/channels/slack_channel.h"
#include "adapters/channels/twilio_channel.h"

namespace gutbot::adapters {
namespace {

// Slack's "Verifying requests from Slack" page.
constexpr char kSlackSecret[] = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr char kSlackTimestamp[] = "1531420618";
constexpr char kSlackBody[] =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&"
    "channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&"
    "response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%"
    "2F96rGlfmibIGlgcZRskXaIFfN&"
    "trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

TEST(SlackSignature, MatchesSlacksDocumentedExample) {
  EXPECT_EQ(SlackSignature(kSlackSecret, kSlackTimestamp, kSlackBody),
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
}

TEST(SlackSignature, ChangesWithTheBodyTheTimestampAndTheSecret) {
  const std::string reference = SlackSignature(kSlackSecret, kSlackTimestamp, kSlackBody);
  EXPECT_NE(SlackSignature(kSlackSecret, kSlackTimestamp, std::string(kSlackBody) + "x"),
            reference);
  EXPECT_NE(SlackSignature(kSlackSecret, "1531420619", kSlackBody), reference);
  EXPECT_NE(SlackSignature("another secret", kSlackTimestamp, kSlackBody), reference);
}

TEST(TwilioSignature, MatchesTwiliosDocumentedExample) {
  // Twilio's "Webhooks security" page; the parameters deliberately unsorted.
  EXPECT_EQ(TwilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2",
                            {{"To", "+18005551212"},
                             {"CallSid", "CA1234567890ABCDE"},
                             {"Digits", "1234"},
                             {"From", "+12349013030"},
                             {"Caller", "+12349013030"}}),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
}

}  // namespace
}  // namespace gutbot::adapters
