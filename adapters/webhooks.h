// The messaging platforms' webhooks, POST /webhooks/<channel>/webhook: picks
// the channel, authenticates and decodes the request, submits the turn to
// the engine, and answers with the encoded reply (Slack's events: 200 at
// once, the reply through chat.postMessage). A platform's retry of a
// delivery is answered once. Built at start from the ChannelOptions and
// shared by every connection; thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/channel.h"
#include "adapters/channel_options.h"
#include "adapters/delivery_ledger.h"
#include "adapters/https_client.h"

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

  void finish(Turn& turn, bot::Result<bot::Reply> result);
  void post_to_slack(const Turn& turn, const WebhookResponse& call) const;

  std::map<std::string, std::unique_ptr<Channel>, std::less<>> channels_;  // the enabled ones
  DeliveryLedger ledger_;
  SlackOptions slack_;
  std::optional<HttpsClient> slack_api_;  // when Slack has a bot token
};

}  // namespace gutbot::adapters
