// What all connections of one Server share. Shared by the Server and every
// connection (shared_ptr); each member is immutable or thread-safe.
#pragma once

#include <atomic>
#include <boost/asio/post.hpp>
#include <memory>
#include <string>
#include <utility>

#include "adapters/connection_registry.h"
#include "adapters/pending_callbacks.h"
#include "adapters/server_options.h"
#include "adapters/session_tokens.h"
#include "bot/engine.h"

namespace gutbot::adapters {

class Webhooks;

struct ServerContext {
  ServerOptions options;
  std::shared_ptr<bot::Engine> engine;
  SessionTokens tokens;
  std::string index_page;  // the demo page, read at start; empty if missing
  std::string widget_script;  // the chat widget's widget.js, read at start; empty if missing
  std::atomic<bool> ready{false};
  ConnectionRegistry connections;
  PendingCallbacks callbacks;
  std::shared_ptr<Webhooks> webhooks;  // the messaging platforms' (adapters/webhooks.h)
};

// An engine callback (Engine::ReplyHandler, HistoryHandler) that calls
// `fn(*self, result)` on `executor`: the engine's worker must not touch a
// connection, whose state belongs to its strand. Keeps `self` alive and the
// callback counted in `context.callbacks` until then.
template <class Value, class Session, class Executor, class Fn>
auto OnExecutor(ServerContext& context, Executor executor, std::shared_ptr<Session> self, Fn fn) {
  return context.callbacks.track([executor, self = std::move(self), fn = std::move(fn)](
                                     bot::Result<Value> result) mutable {
    boost::asio::post(executor, [self = std::move(self), fn = std::move(fn),
                                 result = std::move(result)]() mutable { fn(*self, std::move(result)); });
  });
}

}  // namespace gutbot::adapters
