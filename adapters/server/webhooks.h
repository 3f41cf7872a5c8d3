// The messaging platforms' webhooks, one route per channel (routes.h):
// authenticates and decodes the request through its Channel, submits the
// turn to the engine, and answers with the encoded reply, in the HTTP
// response or, for a channel that replies by API call, at once with the
// call made later. Knows no concrete channel. A platform's retry of a
// delivery is answered once, by the delivery ledger in the store, which
// every instance sharing it reads. Built at start and shared by every
// connection; thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/channels/channel.h"
#include "adapters/server/http_exchange.h"
#include "adapters/server/https_client.h"
#include "bot/common/result.h"
#include "bot/engine/conversation_store.h"

namespace gutbot::adapters {

class Webhooks {
 public:
  using Respond = std::function<void(WebhookResponse)>;

  // `channels` are those the program registered (disabled ones among them);
  // the ledger remembers a delivery for `delivery_ledger_ttl`. Throws
  // (start-up only) when an enabled channel's API CA file cannot be read.
  Webhooks(const Channels& channels, std::chrono::seconds delivery_ledger_ttl);
  ~Webhooks();

  // Answers the exchange's request to `channel`'s webhook; a disabled
  // channel gets 404 "channel_disabled". On the connection's strand.
  void handle(HttpExchange& exchange, const Channel& channel);

 private:
  struct Turn;

  // Goes on with a turn once the store's ledger has claimed its delivery,
  // or answers a retry with the first delivery's answer.
  void claimed(const std::shared_ptr<Turn>& turn, bot::Result<bot::DeliveryClaim> claim);
  // Submits the turn to the engine (or refuses a text too long).
  void start(const std::shared_ptr<Turn>& turn);
  void finish(Turn& turn, bot::Result<bot::Reply> result);
  // Records `answer` in the ledger for the turn's retries.
  void remember(const Turn& turn, const WebhookResponse& answer) const;
  // Sends the reply of a channel that replies by API call.
  void call_api(const Turn& turn, const bot::Reply& reply) const;

  std::chrono::seconds ledger_ttl_;  // how long the store's ledger remembers a delivery
  // The API clients of the enabled channels that make API calls, by name.
  std::map<std::string, HttpsClient, std::less<>> api_clients_;
};

}  // namespace gutbot::adapters
