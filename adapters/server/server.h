// The HTTP and WebSocket front end: one port serving the widget's /ws
// protocol, /v1/ask, /v1/chat, the health probes and the demo page
// (docs/interfaces.md, "The server"). Owned by main; its methods may be called from
// any thread, run() from one.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "adapters/channels/channel.h"
#include "adapters/server/server_options.h"
#include "adapters/server/session_tokens.h"

namespace gutbot::bot {
class Engine;
class KnowledgeReloader;
}  // namespace gutbot::bot

namespace gutbot::adapters {

class Server {
 public:
  // `engine` answers the messages; `tokens` issues and checks session tokens;
  // `channels` are the messaging platforms whose webhooks are served, whose
  // deliveries the store's ledger remembers for `delivery_ledger_ttl`.
  // `reloader`, when given, reloads the knowledge base on SIGHUP and
  // POST /admin/reload.
  Server(ServerOptions options, std::shared_ptr<bot::Engine> engine, SessionTokens tokens,
         const Channels& channels = {},
         std::chrono::seconds delivery_ledger_ttl = std::chrono::seconds(3600),
         std::shared_ptr<bot::KnowledgeReloader> reloader = nullptr);
  // Waits for the engine's callbacks still addressed to this server.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the real port. Throws std::system_error.
  unsigned short listen();

  // Serves on `io_threads` threads (the caller's among them) until stop() or
  // SIGINT/SIGTERM, then closes the connections (WebSocket 1001 after their
  // replies in flight) and returns.
  void run();

  // Asks run() to finish; returns at once.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gutbot::adapters
