// What all connections of one Server share. Shared by the Server and every
// connection (shared_ptr); each member is immutable or thread-safe.
#pragma once

#include <atomic>
#include <boost/asio/post.hpp>
#include <memory>
#include <string>
#include <utility>

#include "adapters/server/client_limits.h"
#include "adapters/server/connection_registry.h"
#include "adapters/server/faq.h"
#include "adapters/server/log_summary.h"
#include "adapters/server/pending_callbacks.h"
#include "adapters/server/route_table.h"
#include "adapters/server/server_options.h"
#include "adapters/server/session_tokens.h"
#include "bot/common/metrics.h"
#include "bot/engine/engine.h"
#include "bot/engine/knowledge_reloader.h"

namespace gutbot::adapters {

class Webhooks;

struct ServerContext {
  // A constructor rather than C++20's parenthesised aggregate initialisation,
  // which clang 14 (the fuzz build's) lacks.
  ServerContext(ServerOptions options_in, std::shared_ptr<bot::Engine> engine_in,
                SessionTokens tokens_in)
      : options(std::move(options_in)),
        engine(std::move(engine_in)),
        tokens(std::move(tokens_in)) {}

  ServerOptions options;
  std::shared_ptr<bot::Engine> engine;
  SessionTokens tokens;
  LogSummary log_summary{options.log_summary_interval};  // flushed by the Server's timer
  std::string index_page;     // the demo page, read at start; empty if missing
  std::string widget_script;  // the chat widget's widget.js, read at start; empty if missing
  FaqDocument faq_script;     // the FAQ block's faq.js, read at start; empty body if missing
  std::string admin_page;     // the content owner's console, admin.html; empty if missing
  std::string admin_script;   // the console's admin.js; empty if missing
  std::atomic<bool> ready{false};
  ConnectionRegistry connections;
  PendingCallbacks callbacks;
  std::shared_ptr<Webhooks> webhooks;  // the messaging platforms' (adapters/server/webhooks.h)
  std::shared_ptr<const RouteTable> routes;  // every connection's (adapters/server/routes.h)
  std::shared_ptr<ClientLimits> limits;
  FaqCache faq;
  std::shared_ptr<bot::KnowledgeReloader> reloader;  // null: reloading is off

  // Counts a request or connection refused for `reason` ("rate_limited"...).
  void rejected(const std::string& reason) const {
    engine->metrics()
        .counter("gutbot_rejected_total", "Requests, messages and connections refused, by reason.",
                 {{"reason", reason}})
        .add();
  }
};

// Logs the outcome of a knowledge-base reload and counts it.
void LogReload(const ServerContext& context, const bot::Result<nlohmann::json>& result);

// An engine callback (Engine::ReplyHandler, HistoryHandler, ...) taking an
// `Outcome` (a bot::Result or bot::Status) that calls `fn(*self, result)` on
// `executor`: the engine's worker must not touch a
// connection, whose state belongs to its strand. Keeps `self` alive and the
// callback counted in `context.callbacks` until then.
template <class Outcome, class Session, class Executor, class Fn>
auto OnExecutor(ServerContext& context, Executor executor, std::shared_ptr<Session> self, Fn fn) {
  return context.callbacks.track(
      [executor, self = std::move(self), fn = std::move(fn)](Outcome result) mutable {
        boost::asio::post(executor,
                          [self = std::move(self), fn = std::move(fn),
                           result = std::move(result)]() mutable { fn(*self, std::move(result)); });
      });
}

}  // namespace gutbot::adapters
