// The messaging platforms' webhooks, POST /webhooks/<channel>/webhook: picks
// the channel, authenticates and decodes the request, submits the turn to
// the engine, and answers with the encoded reply (Slack's events: 200 at
// once, the reply through chat.postMessage). A platform's retry of a
// delivery is answered once, by the delivery ledger in the store, which
// every instance sharing it reads. Built at start from the ChannelOptions
// and shared by every connection; thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/channels/channel.h"
#include "adapters/channels/channel_options.h"
#include "adapters/server/https_client.h"
#include "bot/common/result.h"
#include "bot/engine/conversation_store.h"

namespace gutbot::adapters {

struct ServerContext;

class Webhooks {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Respond = std::function<void(WebhookResponse)>;

  // Enables the channels whose secret is set. Throws std::runtime_error
  // (start-up only) when Slack's CA file cannot be read.
  explicit Webhooks(const ChannelOptions& options);
  ~Webhooks();

  // Answers `request` to the webhook `path` by calling `respond` once on
  // `executor` (the connection's strand, where this is called); a disabled
  // channel gets 404 "channel_disabled".
  void handle(const std::shared_ptr<ServerContext>& context, std::string_view path,
              const Request& request, boost::asio::any_io_executor executor, Respond respond);

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
  void post_to_slack(const Turn& turn, const WebhookResponse& call) const;

  std::map<std::string, std::unique_ptr<Channel>, std::less<>> channels_;  // the enabled ones
  std::chrono::seconds ledger_ttl_;  // how long the store's ledger remembers a delivery
  SlackOptions slack_;
  std::optional<HttpsClient> slack_api_;  // when Slack has a bot token
};

}  // namespace gutbot::adapters
