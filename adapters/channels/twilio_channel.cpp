#include "adapters/channels/twilio_channel.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "bot/common/base64.h"
#include "bot/common/digest.h"
#include "bot/common/markup_text.h"
#include "bot/common/url_encoding.h"

namespace gutbot::adapters {
namespace {

constexpr std::string_view kTwimlType = "text/xml; charset=utf-8";
constexpr std::string_view kXmlDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";

// Twilio's message ids: "SM" (or "MM" with media) and 32 hex digits. Its
// signature covers keys and values run together, so a request whose
// parameters were folded into MessageSid's value still verifies: the strict
// format is what refuses it.
bool IsMessageSid(std::string_view sid) {
  return sid.size() == 34 && (sid.starts_with("SM") || sid.starts_with("MM")) &&
         sid.find_first_not_of("0123456789abcdef", 2) == std::string_view::npos;
}

// Every pair "name=value", no name twice: Twilio writes no other form.
bool StrictForm(std::string_view body, const bot::FormFields& form) {
  for (std::string_view rest = body;;) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (pair.empty() || pair.front() == '=' || pair.find('=') == std::string_view::npos)
      return false;
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  std::set<std::string_view> names;
  return std::all_of(form.begin(), form.end(),
                     [&names](const auto& field) { return names.insert(field.first).second; });
}

WebhookResponse Twiml(std::string_view inner) {
  return {200, std::string(kTwimlType),
          std::string(kXmlDeclaration) + "<Response>" + std::string(inner) + "</Response>"};
}

}  // namespace

std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            std::vector<std::pair<std::string, std::string>> params) {
  std::sort(params.begin(), params.end());
  std::string data(url);
  for (const auto& [name, value] : params) data += name + value;
  return bot::Base64Encode(bot::Hmac(bot::HmacDigest::kSha1, auth_token, data));
}

TwilioChannel::TwilioChannel(TwilioOptions options) : options_(std::move(options)) {}

std::optional<bot::Error> TwilioChannel::authenticate(const WebhookRequest& request,
                                                      std::int64_t) const {
  const std::string expected =
      TwilioSignature(options_.auth_token, options_.public_url, bot::ParseForm(request.body));
  if (bot::SecretEquals(request.header("x-twilio-signature"), expected)) return std::nullopt;
  return bot::Error{bot::ErrorCode::kUnauthorized,
                    "X-Twilio-Signature does not match the request."};
}

bot::Result<Inbound> TwilioChannel::decode(const WebhookRequest& request) const {
  const auto form = bot::ParseForm(request.body);
  if (!StrictForm(request.body, form)) {
    return bot::Error{bot::ErrorCode::kInvalidPayload,
                      "The form is malformed or repeats a parameter."};
  }
  const std::string from = bot::FormValue(form, "From");
  const std::string sid = bot::FormValue(form, "MessageSid");
  if (from.empty() || bot::FormValue(form, "To").empty() ||
      bot::FormValue(form, "AccountSid").empty()) {
    return bot::Error{bot::ErrorCode::kInvalidPayload,
                      "An SMS from Twilio always carries MessageSid, AccountSid, From and To."};
  }
  if (!IsMessageSid(sid)) {
    return bot::Error{bot::ErrorCode::kInvalidPayload,
                      "MessageSid is not a Twilio message id (SM or MM and 32 hex digits)."};
  }
  Inbound inbound;
  // Also the answer to a retry that comes before the first one is ready.
  inbound.response = Twiml("");
  std::string text = bot::FormValue(form, "Body");
  if (text.find_first_not_of(" \n") == std::string::npos) return inbound;
  inbound.kind = Inbound::Kind::kTurn;
  inbound.reply_to = from;
  inbound.delivery_id = sid;
  inbound.message = {"sms:" + from, std::move(text), "sms", ""};
  return inbound;
}

WebhookResponse TwilioChannel::encode(const bot::Reply& reply, const Inbound&) const {
  std::string text = WithLinks(ShortenText(reply.text, kSmsAnswerChars), reply.links);
  if (const std::string line = SuggestionLine(reply.suggestions); !line.empty())
    text += "\n\n" + line;
  return Twiml("<Message>" + bot::MarkupEscape(text) + "</Message>");
}

}  // namespace gutbot::adapters
