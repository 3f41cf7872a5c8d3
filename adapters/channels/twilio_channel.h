// SMS through Twilio's Messaging webhook: a form-encoded request signed with
// the account's Auth Token, answered with TwiML. Answers are plain text cut
// to SMS length, the suggestions as a "Reply with:" line. Immutable;
// thread-safe.
#pragma once

#include <utility>
#include <vector>

#include "adapters/channels/channel.h"
#include "adapters/channels/channel_options.h"

namespace gutbot::adapters {

// The longest answer sent, in characters: three concatenated SMS segments
// of 160, before the suggestions.
inline constexpr std::size_t kSmsAnswerChars = 480;

// Twilio's X-Twilio-Signature: Base64(HMAC-SHA1(auth token, url + each
// parameter's name and value, sorted by name)).
std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            std::vector<std::pair<std::string, std::string>> params);

class TwilioChannel : public Channel {
 public:
  // `options.public_url` is the URL Twilio calls, which its signatures cover.
  explicit TwilioChannel(TwilioOptions options);

  std::string_view name() const override { return "twilio"; }
  bool enabled() const override { return !options_.auth_token.empty(); }

  std::optional<bot::Error> authenticate(const WebhookRequest& request,
                                         std::int64_t now) const override;
  // An incoming SMS: a turn of user "sms:<From>", MessageSid its delivery
  // id. A request without a Body (a media-only message) gets an empty TwiML.
  bot::Result<Inbound> decode(const WebhookRequest& request) const override;
  // <Response><Message>text</Message></Response>, XML-escaped.
  WebhookResponse encode(const bot::Reply& reply, const Inbound& inbound) const override;

 private:
  TwilioOptions options_;
};

}  // namespace gutbot::adapters
