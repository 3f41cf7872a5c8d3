#include "adapters/server/routes.h"

#include <gtest/gtest.h>

#include "bot/common/url_encoding.h"

namespace gutbot::adapters {
namespace {

TEST(MatchRoute, KnownPathsAndMethods) {
  EXPECT_EQ(MatchRoute("GET", "/", false).route, Route::kIndex);
  EXPECT_EQ(MatchRoute("GET", "/widget.js", false).route, Route::kWidget);
  EXPECT_EQ(MatchRoute("GET", "/healthz", false).route, Route::kHealth);
  EXPECT_EQ(MatchRoute("GET", "/readyz", false).route, Route::kReady);
  EXPECT_EQ(MatchRoute("GET", "/ws", true).route, Route::kWebSocket);
  EXPECT_EQ(MatchRoute("POST", "/v1/ask", false).route, Route::kAsk);
  EXPECT_EQ(MatchRoute("POST", "/v1/chat", false).route, Route::kChat);
}

TEST(MatchRoute, WrongMethodNamesTheRightOne) {
  const RouteMatch match = MatchRoute("GET", "/v1/ask", false);
  EXPECT_EQ(match.route, Route::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "POST");
  EXPECT_EQ(MatchRoute("DELETE", "/healthz", false).route, Route::kMethodNotAllowed);
}

TEST(MatchRoute, WebSocketPathWithoutUpgrade) {
  EXPECT_EQ(MatchRoute("GET", "/ws", false).route, Route::kUpgradeRequired);
}

TEST(MatchRoute, UnknownPaths) {
  for (const char* path : {"/v1", "/v1/ask/", "/WS", "/index.html", "", "/healthz/x"}) {
    EXPECT_EQ(MatchRoute("GET", path, false).route, Route::kNotFound) << path;
  }
}

TEST(ParseTarget, SplitsPathAndDecodesQuery) {
  const bot::Target target = bot::ParseTarget("/ws?session=abc.d-_f&x=a%20b+c&flag");
  EXPECT_EQ(target.path, "/ws");
  EXPECT_EQ(target.query.at("session"), "abc.d-_f");
  EXPECT_EQ(target.query.at("x"), "a b c");
  EXPECT_EQ(target.query.at("flag"), "");
}

TEST(ParseTarget, KeepsMalformedEscapesAndPlusInPath) {
  const bot::Target target = bot::ParseTarget("/a+b?k=%zz%4");
  EXPECT_EQ(target.path, "/a+b");
  EXPECT_EQ(target.query.at("k"), "%zz%4");
}

TEST(ParseTarget, NoQuery) {
  const bot::Target target = bot::ParseTarget("/healthz");
  EXPECT_EQ(target.path, "/healthz");
  EXPECT_TRUE(target.query.empty());
}

}  // namespace
}  // namespace gutbot::adapters
