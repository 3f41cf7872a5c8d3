// A messaging platform's side of the bot: a Channel authenticates a webhook
// request, decodes it into the engine's Message and encodes the engine's
// Reply in the platform's format. Channels see plain strings, never Beast
// types, so they are unit-tested and fuzzed without a server. Implementations
// are immutable after construction: one instance serves every I/O thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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
  // Slack's Events API: `response` goes back at once and the reply follows
  // as an API call whose JSON body encode() writes.
  bool reply_by_api = false;
  // The answer for kAnswered; for a turn, the answer to a retry that comes
  // before the first delivery's reply (and the immediate one if reply_by_api).
  WebhookResponse response;
};

class Channel {
 public:
  virtual ~Channel() = default;

  // Nullopt when the request comes from the platform; otherwise why it is
  // refused ("unauthorized", "stale_request"). `now` in seconds since 1970.
  virtual std::optional<bot::Error> authenticate(const WebhookRequest& request,
                                                 std::int64_t now) const = 0;

  // Only for authenticated requests: a platform id is trusted after its
  // signature checked out. Errors: "invalid_payload" and the like.
  virtual bot::Result<Inbound> decode(const WebhookRequest& request) const = 0;

  // The reply to `inbound` (a kWelcome or kTurn) in the platform's format.
  virtual WebhookResponse encode(const bot::Reply& reply, const Inbound& inbound) const = 0;
};

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
