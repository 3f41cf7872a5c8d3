// The messaging platforms' webhook decoders, given requests that pass each
// platform's authentication (the fuzzer signs the body with the configured
// secret, as the platform would), so the decoders themselves are exercised.
// The first byte picks the channel, the second the content type; the rest is
// the body. A decoded turn is answered through the channel's encoder, and the
// same request with its credential altered must never authenticate.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "adapters/channels/rest_channel.h"
#include "adapters/channels/slack_channel.h"
#include "adapters/channels/telegram_channel.h"
#include "adapters/channels/twilio_channel.h"
#include "bot/common/url_encoding.h"

namespace {

using namespace gutbot::adapters;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kSecret = "fuzzing-secret";
const std::string kTwilioUrl = "https://bot.example.com/webhooks/twilio/webhook";

struct Platform {
  std::unique_ptr<Channel> channel;
  std::string credential_header;  // the header whose value an attacker cannot compute
};

const Platform* Platforms() {
  static const Platform platforms[] = {
      {std::make_unique<RestChannel>(RestOptions{kSecret}), "authorization"},
      {std::make_unique<TelegramChannel>(TelegramOptions{kSecret}),
       "x-telegram-bot-api-secret-token"},
      {std::make_unique<SlackChannel>(SlackOptions{kSecret, "", "https://slack.invalid/api", ""}),
       "x-slack-signature"},
      {std::make_unique<TwilioChannel>(TwilioOptions{kSecret, kTwilioUrl}), "x-twilio-signature"},
  };
  return platforms;
}

WebhookRequest SignedRequest(std::size_t platform, std::string body, bool form) {
  WebhookRequest request;
  request.headers["content-type"] = form ? "application/x-www-form-urlencoded" : "application/json";
  switch (platform) {
    case 0:
      request.headers["authorization"] = "Bearer " + kSecret;
      break;
    case 1:
      request.headers["x-telegram-bot-api-secret-token"] = kSecret;
      break;
    case 2:
      request.headers["x-slack-request-timestamp"] = std::to_string(kNow);
      request.headers["x-slack-signature"] = SlackSignature(kSecret, std::to_string(kNow), body);
      break;
    default:
      request.headers["x-twilio-signature"] =
          TwilioSignature(kSecret, kTwilioUrl, gutbot::bot::ParseForm(body));
      break;
  }
  request.body = std::move(body);
  return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t which = data[0] % 4;
  const Platform& platform = Platforms()[which];
  WebhookRequest request = SignedRequest(
      which, std::string(reinterpret_cast<const char*>(data + 2), size - 2), data[1] % 2 == 0);

  if (platform.channel->authenticate(request, kNow)) std::abort();  // signed as the platform would
  const auto inbound = platform.channel->decode(request);
  if (inbound && inbound.value().kind != Inbound::Kind::kAnswered) {
    gutbot::bot::Reply reply;
    reply.text = inbound.value().message.text + " <&>\"'";  // the user's own words, echoed
    reply.suggestions = {"tell me more", inbound.value().message.text};
    platform.channel->encode(reply, inbound.value());
  }

  std::string& credential = request.headers[platform.credential_header];
  credential.back() = static_cast<char>(credential.back() ^ 1);
  if (!platform.channel->authenticate(request, kNow)) std::abort();
  return 0;
}
