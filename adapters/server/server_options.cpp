#include "adapters/server/server_options.h"

#include "adapters/server/address_range.h"
#include "bot/common/settings_table.h"

namespace gutbot::adapters {
namespace {

const SettingsTable<ServerOptions>& Table() {
  static const auto table =
      SettingsTable<ServerOptions>()
          .add("address", &ServerOptions::address)
          .add("port", &ServerOptions::port)
          .add("io_threads", &ServerOptions::io_threads)
          .add("max_frame_bytes", &ServerOptions::max_frame_bytes)
          .add("max_message_chars", &ServerOptions::max_message_chars)
          .add("max_comment_chars", &ServerOptions::max_comment_chars)
          .add("http_body_limit", &ServerOptions::http_body_limit)
          .add("idle_timeout", &ServerOptions::idle_timeout)
          .add("handshake_timeout", &ServerOptions::handshake_timeout)
          .add("http_read_timeout", &ServerOptions::http_read_timeout)
          .add("max_messages_per_second", &ServerOptions::max_messages_per_second)
          .add("message_burst", &ServerOptions::message_burst)
          .add("max_rate_violations", &ServerOptions::max_rate_violations)
          .add("max_outgoing_frames", &ServerOptions::max_outgoing_frames)
          .add("static_dir", &ServerOptions::static_dir)
          .add("frame_ancestors", &ServerOptions::frame_ancestors)
          .add("history_turns", &ServerOptions::history_turns)
          .add("shutdown_timeout", &ServerOptions::shutdown_timeout)
          .add("max_connections_per_address", &ServerOptions::max_connections_per_address)
          .add("max_connections", &ServerOptions::max_connections)
          .add("health_connections", &ServerOptions::health_connections)
          .add("health_read_timeout", &ServerOptions::health_read_timeout)
          .add("http_requests_per_second", &ServerOptions::http_requests_per_second)
          .add("http_burst", &ServerOptions::http_burst)
          .add("webhook_requests_per_second", &ServerOptions::webhook_requests_per_second)
          .add("webhook_burst", &ServerOptions::webhook_burst)
          .add("new_conversations_per_hour", &ServerOptions::new_conversations_per_hour)
          .add(
              "trusted_proxies",
              [](ServerOptions& o, const nlohmann::json& value) {
                o.trusted_proxies = SettingValue<std::vector<std::string>>(value);
                for (const std::string& entry : o.trusted_proxies) {
                  if (!AddressRange::Parse(entry)) {
                    throw std::runtime_error(
                        "\"" + entry + "\" is not an IP address or CIDR range (\"10.0.0.0/8\")");
                  }
                }
              },
              [](const ServerOptions& o) { return SettingJson(o.trusted_proxies); })
          .add("allowed_origins", &ServerOptions::allowed_origins)
          .add("session_max_age", &ServerOptions::session_max_age)
          .add("session_lifetime", &ServerOptions::session_lifetime)
          .add("admin_token", &ServerOptions::admin_token)
          .add("metrics_token", &ServerOptions::metrics_token)
          .add("log_message_text", &ServerOptions::log_message_text)
          .add("log_summary_interval", &ServerOptions::log_summary_interval);
  return table;
}

}  // namespace

ServerOptions ServerOptionsFromJson(const nlohmann::json& server) {
  return Table().read(server, "server");
}

nlohmann::json ServerOptionsToJson(const ServerOptions& options) { return Table().write(options); }

}  // namespace gutbot::adapters
