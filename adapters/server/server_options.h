// The server's settings: every limit and timeout with its default, and
// their reading from the configuration file's "server" object. Plain values.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace gutbot::adapters {

struct ServerOptions {
  // The address to listen on; "0.0.0.0" or "::" to serve other machines.
  std::string address = "127.0.0.1";
  // The port; 0 lets the system choose one (listen() returns it).
  unsigned short port = 8080;
  // Threads running the I/O; each connection runs on one of them at a time.
  std::size_t io_threads = 2;

  // Largest WebSocket message accepted; a bigger one closes with 1009.
  std::size_t max_frame_bytes = 64 * 1024;
  // Longest message text, in Unicode characters ("too_long" error).
  std::size_t max_message_chars = 2000;
  // Longest comment on a rating, in Unicode characters ("comment_too_long").
  std::size_t max_comment_chars = 1000;
  // Largest HTTP request body; a bigger one gets 413.
  std::size_t http_body_limit = 64 * 1024;
  // A WebSocket peer silent this long (pings unanswered) is disconnected.
  std::chrono::seconds idle_timeout{300};
  // Time allowed for the WebSocket upgrade handshake.
  std::chrono::seconds handshake_timeout{10};
  // Time allowed to read one HTTP request, and to wait for the next one on a
  // kept-alive connection.
  std::chrono::seconds http_read_timeout{15};

  // Messages a second per WebSocket session on average (token bucket);
  // 0 disables the limit.
  double max_messages_per_second = 5;
  // Messages a WebSocket session may send at once before the rate applies.
  double message_burst = 10;
  // Consecutive rate-limited messages after which the session is closed with
  // 1008 (policy violation).
  std::size_t max_rate_violations = 20;
  // Replies and errors queued for a client that does not read them; beyond
  // this the session is closed with 1008.
  std::size_t max_outgoing_frames = 64;

  // Open connections from one client address; more are closed at once.
  // Generous, since one office or phone carrier may share an address.
  std::size_t max_connections_per_address = 256;
  // Open connections in total; beyond it new ones are answered 503 and
  // closed at once. Lowered at start to what the process's descriptor limit
  // (RLIMIT_NOFILE, raised to its hard limit) allows.
  std::size_t max_connections = 20000;
  // Places kept beyond max_connections for /healthz and /readyz, so that the
  // probes get their answer when the server is full.
  std::size_t health_connections = 8;
  // Time a connection in one of those places has to send its request.
  std::chrono::seconds health_read_timeout{2};
  // Requests a second to /v1/* per client address (token bucket; 429 when
  // crossed); 0 disables the limit.
  double http_requests_per_second = 20;
  // Requests a client address may make at once before the rate applies.
  double http_burst = 40;
  // Requests a second to /webhooks/* per client address (token bucket,
  // checked before any signature work; 429 when crossed); 0 disables it.
  // A platform posts from few addresses: room for a busy bot.
  double webhook_requests_per_second = 50;
  // Webhook requests a client address may make at once.
  double webhook_burst = 100;
  // New sessions (conversations to be) one client address may start in an
  // hour, on /ws and /v1/chat (token bucket: "too_many_conversations"
  // beyond); 0 disables the limit. Resuming a session is not counted.
  std::size_t new_conversations_per_hour = 120;
  // Peers (IP addresses or CIDR ranges such as "10.0.0.0/8", IPv4 or IPv6:
  // the nginx in front) whose X-Forwarded-For header names the real client.
  // Their connections count towards max_connections only; the client they
  // name is the one counted by the per-address limits (its WebSockets,
  // its /v1 and webhook rates).
  std::vector<std::string> trusted_proxies;

  // Origins (scheme://host[:port]) allowed to open WebSockets and to call
  // /v1/* from a browser (CORS), besides the server's own; "*" allows any.
  std::vector<std::string> allowed_origins;
  // How long a session token stays good after it was issued or last used
  // (each resume refreshes it); 0 keeps tokens good forever. As long as the
  // retention of conversations, so that a token outlives no conversation.
  std::chrono::seconds session_max_age{std::chrono::days(30)};
  // How long a session's tokens stay good after its first token was issued,
  // however often refreshed; then the client starts a new session. Bounds
  // the use of a stolen token. 0: no limit.
  std::chrono::seconds session_lifetime{std::chrono::days(90)};
  // The bearer token of /admin/*; empty disables the admin API.
  std::string admin_token;
  // The bearer token of /metrics (what it counts, urgent replies say, is
  // not for the public); empty: /metrics answers only requests from a
  // loopback address that did not pass through a proxy.
  std::string metrics_token;
  // Whether logs may include what users wrote; off since it is health data.
  bool log_message_text = false;
  // Refused requests and failed connections are logged as one line per kind
  // (reason, channel, error) per this interval, with their count.
  std::chrono::seconds log_summary_interval{10};

  // The demo page's folder, relative to the working directory; GET / serves
  // its index.html, GET /widget.js the chat widget.
  std::string static_dir = "adapters/web";
  // Who may show the demo page in a frame: the Content-Security-Policy
  // frame-ancestors sources ("'none'", "'self' https://shop.example").
  std::string frame_ancestors = "'self'";
  // Turns sent in the welcome's "history" when a session resumes.
  std::size_t history_turns = 20;
  // How long stop() lets replies in flight go out before cutting connections.
  std::chrono::seconds shutdown_timeout{10};
};

// Reads the configuration's "server" object: keys are the field names,
// durations in whole seconds; absent keys keep their defaults. Throws
// SettingError (a std::runtime_error) naming the key on an unknown key or a
// wrong type.
ServerOptions ServerOptionsFromJson(const nlohmann::json& server);

// The "server" object that ServerOptionsFromJson reads back as `options`.
nlohmann::json ServerOptionsToJson(const ServerOptions& options);

}  // namespace gutbot::adapters
