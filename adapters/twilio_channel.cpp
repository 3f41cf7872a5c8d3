#include "adapters/twilio_channel.h"

#include <algorithm>

#include "adapters/signatures.h"

namespace gutbot::adapters {
namespace {

constexpr std::string_view kTwimlType = "text/xml; charset=utf-8";
constexpr std::string_view kXmlDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
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
  return HmacSha1Base64(auth_token, data);
}

TwilioChannel::TwilioChannel(TwilioOptions options) : options_(std::move(options)) {}

std::optional<bot::Error> TwilioChannel::authenticate(const WebhookRequest& request,
                                                      std::int64_t) const {
  const std::string expected =
      TwilioSignature(options_.auth_token, options_.public_url, ParseForm(request.body));
  if (SecretEquals(request.header("x-twilio-signature"), expected)) return std::nullopt;
  return bot::Error{"unauthorized", "X-Twilio-Signature does not match the request."};
}

bot::Result<Inbound> TwilioChannel::decode(const WebhookRequest& request) const {
  const auto form = ParseForm(request.body);
  const std::string from = FormValue(form, "From");
  const std::string sid = FormValue(form, "MessageSid");
  if (from.empty() || sid.empty())
    return bot::Error{"invalid_payload", "An SMS needs From and MessageSid."};
  Inbound inbound;
  // Also the answer to a retry that comes before the first one is ready.
  inbound.response = Twiml("");
  std::string text = FormValue(form, "Body");
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
  return Twiml("<Message>" + XmlEscape(text) + "</Message>");
}

}  // namespace gutbot::adapters
