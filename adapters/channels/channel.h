// A messaging platform's side of the bot: a Channel declares its webhook's
// name and path, authenticates a webhook request, decodes it into the
// engine's Message and encodes the engine's Reply in the platform's format,
// in the HTTP response or as an API call the server makes later. Channels
// see plain strings, never Beast types, so they are unit-tested and fuzzed
// without a server. Implementations are immutable after construction: one
// instance serves every I/O thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/common/result.h"
#include "bot/engine/message.h"

namespace gutbot::adapters {

// Header names in lower case.
using Headers = std::map<std::string, std::string, std::less<>>;

struct WebhookRequest {
  Headers headers;
  std::string body;

  // The header's value, or "" when it is absent. `name` in lower case.
  std::string_view header(std::string_view name) const;
};

struct WebhookResponse {
  unsigned status = 200;
  std::string content_type = "text/plain";
  std::string body;
};

// What an authenticated request asks for.
struct Inbound {
  enum class Kind {
    kAnswered,  // `response` is the whole answer (a challenge, an ignored update)
    kWelcome,   // answer with the engine's welcome, without a turn
    kTurn,      // a turn for the engine: `message`
  };
  Kind kind = Kind::kAnswered;
  bot::Message message;  // kTurn
  std::string reply_to;  // where the reply goes: a chat id, a Slack channel
  // The platform's id of this delivery; its retries are answered once.
  // Empty when the platform has none.
  std::string delivery_id;
  // The reply goes as an API call (Channel::reply_call), `response` back at
  // once (Slack's Events API). Otherwise the reply is the HTTP response.
  bool reply_by_api = false;
  // The answer for kAnswered; for a turn, the answer to a retry that comes
  // before the first delivery's reply (and the immediate one if reply_by_api).
  WebhookResponse response;
};

// A request the server makes to the platform's API: a POST of `body`.
struct ApiCall {
  std::string url;
  std::vector<std::pair<std::string, std::string>> fields;  // Content-Type among them
  std::string body;
};

class Channel {
 public:
  virtual ~Channel() = default;

  // "slack": names the channel in the logs and its deliveries in the ledger.
  virtual std::string_view name() const = 0;
  // Where the platform posts; by default "/webhooks/<name>/webhook".
  virtual std::string path() const;
  // Whether the operator set the channel's secret: a disabled channel's
  // webhook answers 404 "channel_disabled", never unauthenticated.
  virtual bool enabled() const = 0;

  // Nullopt when the request comes from the platform; otherwise why it is
  // refused ("unauthorized", "stale_request"). `now` in seconds since 1970.
  virtual std::optional<bot::Error> authenticate(const WebhookRequest& request,
                                                 std::int64_t now) const = 0;

  // Only for authenticated requests: a platform id is trusted after its
  // signature checked out. Errors: "invalid_payload" and the like.
  virtual bot::Result<Inbound> decode(const WebhookRequest& request) const = 0;

  // The reply to `inbound` (a kWelcome or kTurn) in the platform's format.
  virtual WebhookResponse encode(const bot::Reply& reply, const Inbound& inbound) const = 0;

  // Replying by API call, for an inbound with reply_by_api.

  // The PEM file of the certificate authorities trusted for the API ("" for
  // the system's); nullopt when the channel makes no API calls.
  virtual std::optional<std::string> api_ca_file() const { return std::nullopt; }
  // The call carrying `reply` to `inbound`; nullopt when the channel is not
  // configured to make it.
  virtual std::optional<ApiCall> reply_call(const bot::Reply& reply, const Inbound& inbound) const;
  // Whether the API took the call, from its answer.
  virtual bool api_call_succeeded(unsigned status, std::string_view body) const;
};

// The channels a server serves, registered by the program.
using Channels = std::vector<std::shared_ptr<const Channel>>;

// Helpers the channels share.

// `text` cut to at most `max_chars` Unicode characters: at the last sentence
// end that keeps at least half, else at the last space followed by "…".
std::string ShortenText(std::string_view text, std::size_t max_chars);

// "Reply with: A / B / C", or "" without suggestions: the suggestions of a
// channel that has no buttons.
std::string SuggestionLine(const std::vector<std::string>& suggestions);

// `text` followed by the reply's links as "Title: URL" lines, for a channel
// that shows plain text only; `text` itself without links.
std::string WithLinks(std::string text, const std::vector<bot::Link>& links);

}  // namespace gutbot::adapters
