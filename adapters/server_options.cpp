#include "adapters/server_options.h"

#include "adapters/settings_table.h"

namespace gutbot::adapters {
namespace {

const SettingsTable<ServerOptions>& Table() {
  static const auto table = SettingsTable<ServerOptions>()
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
      .add("history_turns", &ServerOptions::history_turns)
      .add("shutdown_timeout", &ServerOptions::shutdown_timeout)
      .add("max_connections_per_address", &ServerOptions::max_connections_per_address)
      .add("max_connections", &ServerOptions::max_connections)
      .add("http_requests_per_second", &ServerOptions::http_requests_per_second)
      .add("http_burst", &ServerOptions::http_burst)
      .add("trusted_proxies", &ServerOptions::trusted_proxies)
      .add("allowed_origins", &ServerOptions::allowed_origins)
      .add("session_max_age", &ServerOptions::session_max_age)
      .add("admin_token", &ServerOptions::admin_token)
      .add("log_message_text", &ServerOptions::log_message_text);
  return table;
}

}  // namespace

ServerOptions ServerOptionsFromJson(const nlohmann::json& server) { return Table().read(server, "server"); }

nlohmann::json ServerOptionsToJson(const ServerOptions& options) { return Table().write(options); }

}  // namespace gutbot::adapters
