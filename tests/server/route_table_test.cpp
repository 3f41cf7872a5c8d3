#include "adapters/server/route_table.h"

#include <gtest/gtest.h>

#include <memory>

#include "adapters/channels/channel.h"
#include "adapters/server/routes.h"

namespace gutbot::adapters {
namespace {

using Outcome = RouteMatch::Outcome;

const RouteTable kTable({
    {"GET", "/healthz", Policy::kProbe, nullptr},
    {"GET", "/ws", Policy::kWebSocket, nullptr},
    {"POST", "/v1/ask", Policy::kBrowserApi, nullptr},
    {"GET", "/admin/unanswered", Policy::kAdmin, nullptr},
});

TEST(RouteTable, FindsTheRouteOfAMethodAndPath) {
  const RouteMatch match = kTable.match("POST", "/v1/ask", false);
  ASSERT_EQ(match.outcome, Outcome::kFound);
  EXPECT_EQ(match.route->path, "/v1/ask");
  EXPECT_EQ(match.route->policy, Policy::kBrowserApi);
  EXPECT_EQ(kTable.match("GET", "/ws", true).route->policy, Policy::kWebSocket);
}

TEST(RouteTable, WrongMethodNamesTheRightOne) {
  const RouteMatch match = kTable.match("GET", "/v1/ask", false);
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "POST");
  EXPECT_EQ(kTable.match("DELETE", "/healthz", false).outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(kTable.match("post", "/v1/ask", false).outcome, Outcome::kMethodNotAllowed);
}

TEST(RouteTable, OptionsIsThePreflightOfBrowserApiRoutesOnly) {
  EXPECT_EQ(kTable.match("OPTIONS", "/v1/ask", false).outcome, Outcome::kPreflight);
  EXPECT_EQ(kTable.match("OPTIONS", "/healthz", false).outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(kTable.match("OPTIONS", "/admin/unanswered", false).outcome,
            Outcome::kMethodNotAllowed);
}

TEST(RouteTable, WebSocketPathWithoutUpgrade) {
  EXPECT_EQ(kTable.match("GET", "/ws", false).outcome, Outcome::kUpgradeRequired);
  EXPECT_EQ(kTable.match("GET", "/healthz", true).outcome, Outcome::kFound);
}

TEST(RouteTable, UnknownPaths) {
  for (const char* path : {"/v1", "/v1/ask/", "/WS", "/index.html", "", "/healthz/x"}) {
    const RouteMatch match = kTable.match("GET", path, false);
    EXPECT_EQ(match.outcome, Outcome::kNotFound) << path;
    EXPECT_EQ(match.route, nullptr) << path;
  }
}

// A channel that only has a name, to see where its webhook is served.
class NamedChannel : public Channel {
 public:
  explicit NamedChannel(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  bool enabled() const override { return false; }
  std::optional<bot::Error> authenticate(const WebhookRequest&, std::int64_t) const override {
    return bot::Error{bot::ErrorCode::kUnauthorized, ""};
  }
  bot::Result<Inbound> decode(const WebhookRequest&) const override { return Inbound{}; }
  WebhookResponse encode(const bot::Reply&, const Inbound&) const override { return {}; }

 private:
  std::string name_;
};

TEST(ServerRoutes, EveryPathWithItsMethodAndPolicy) {
  const RouteTable table = ServerRoutes({});
  const struct {
    const char* method;
    const char* path;
    Policy policy;
  } expected[] = {
      {"GET", "/", Policy::kOpen},
      {"GET", "/widget.js", Policy::kOpen},
      {"GET", "/faq", Policy::kOpen},
      {"GET", "/faq.js", Policy::kOpen},
      {"GET", "/healthz", Policy::kProbe},
      {"GET", "/readyz", Policy::kProbe},
      {"GET", "/ws", Policy::kWebSocket},
      {"POST", "/v1/ask", Policy::kBrowserApi},
      {"POST", "/v1/chat", Policy::kBrowserApi},
      {"POST", "/v1/feedback", Policy::kBrowserApi},
      {"GET", "/v1/faq", Policy::kBrowserApi},
      {"GET", "/metrics", Policy::kMetrics},
      {"POST", "/admin/reload", Policy::kAdmin},
      {"GET", "/admin/unanswered", Policy::kAdmin},
      {"GET", "/admin/feedback", Policy::kAdmin},
      {"POST", "/admin/forget", Policy::kAdmin},
      {"POST", "/admin/export", Policy::kAdmin},
  };
  for (const auto& route : expected) {
    const RouteMatch match = table.match(route.method, route.path, /*websocket_upgrade=*/true);
    ASSERT_EQ(match.outcome, Outcome::kFound) << route.path;
    EXPECT_EQ(match.route->policy, route.policy) << route.path;
    EXPECT_EQ(match.route->handler == nullptr, route.policy == Policy::kWebSocket) << route.path;
  }
  EXPECT_EQ(table.match("POST", "/webhooks/slack/webhook", false).outcome, Outcome::kNotFound);
}

TEST(ServerRoutes, EachChannelDeclaresItsWebhookRoute) {
  const RouteTable table = ServerRoutes(
      {std::make_shared<NamedChannel>("slack"), std::make_shared<NamedChannel>("line")});
  for (const char* path : {"/webhooks/slack/webhook", "/webhooks/line/webhook"}) {
    const RouteMatch match = table.match("POST", path, false);
    ASSERT_EQ(match.outcome, Outcome::kFound) << path;
    EXPECT_EQ(match.route->policy, Policy::kWebhook);
    EXPECT_NE(match.route->handler, nullptr);
    EXPECT_EQ(table.match("GET", path, false).outcome, Outcome::kMethodNotAllowed) << path;
  }
  EXPECT_EQ(table.match("POST", "/webhooks/telegram/webhook", false).outcome, Outcome::kNotFound);
}

}  // namespace
}  // namespace gutbot::adapters
