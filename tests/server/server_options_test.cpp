#include "adapters/server/server_options.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace gutbot::adapters {
namespace {

using nlohmann::json;

TEST(ServerOptionsFromJson, AbsentKeysKeepTheDefaults) {
  const ServerOptions options = ServerOptionsFromJson(json::object());
  EXPECT_EQ(options.address, "127.0.0.1");
  EXPECT_EQ(options.port, 8080);
  EXPECT_EQ(options.max_message_chars, 2000u);
  EXPECT_EQ(options.idle_timeout, std::chrono::seconds(300));
  EXPECT_EQ(ServerOptionsFromJson(nullptr).port, 8080);
}

TEST(ServerOptionsFromJson, ReadsEveryKindOfField) {
  const ServerOptions options = ServerOptionsFromJson(json::parse(R"({
    "address": "0.0.0.0", "port": 0, "io_threads": 4, "idle_timeout": 60,
    "max_messages_per_second": 2.5, "static_dir": "web"})"));
  EXPECT_EQ(options.address, "0.0.0.0");
  EXPECT_EQ(options.port, 0);
  EXPECT_EQ(options.io_threads, 4u);
  EXPECT_EQ(options.idle_timeout, std::chrono::seconds(60));
  EXPECT_DOUBLE_EQ(options.max_messages_per_second, 2.5);
  EXPECT_EQ(options.static_dir, "web");
}

TEST(ServerOptionsFromJson, ErrorsNameTheKey) {
  const auto message = [](const char* text) -> std::string {
    try {
      ServerOptionsFromJson(json::parse(text));
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message(R"({"prot": 80})"), "server.prot: unknown setting");
  EXPECT_EQ(message(R"({"port": "80"})"), "server.port: must be a whole number >= 0");
  EXPECT_EQ(message(R"({"port": 70000})"), "server.port: is too large");
  EXPECT_EQ(message(R"({"port": -1})"), "server.port: must be a whole number >= 0");
  EXPECT_EQ(message(R"({"address": 1})"), "server.address: must be a string");
  EXPECT_EQ(message(R"({"message_burst": -2})"), "server.message_burst: must be a number >= 0");
  EXPECT_EQ(message(R"([])"), "server: must be an object");
  EXPECT_EQ(
      message(R"({"trusted_proxies": ["10.0.0.0/33"]})"),
      R"(server.trusted_proxies: "10.0.0.0/33" is not an IP address or CIDR range ("10.0.0.0/8"))");
  EXPECT_EQ(message(R"({"trusted_proxies": ["nginx"]})"),
            R"(server.trusted_proxies: "nginx" is not an IP address or CIDR range ("10.0.0.0/8"))");
  EXPECT_EQ(ServerOptionsFromJson(json::parse(R"({"trusted_proxies": ["10.0.0.0/8", "fd00::/8"]})"))
                .trusted_proxies.size(),
            2u);
}

}  // namespace
}  // namespace gutbot::adapters
