// The Engine answers messages: it loads the user's conversation, understands
// the message in that context, chooses the answer, stores the turn, and only
// then hands the Reply back. Thread-safe: submit() may be called from any
// thread and never blocks on disk; all store work runs on the engine's own
// worker thread, one conversation's messages strictly in arrival order.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bot/message.h"
#include "bot/result.h"

namespace gutbot::knowledge { class KnowledgeBase; }
namespace gutbot::intents { class IntentModel; }

namespace gutbot::bot {

class ConversationStore;

struct HistoryEntry {
  std::string role;  // "user" or "bot"
  std::string text;
};

struct EngineOptions {
  // Most messages committed in one store transaction (group commit).
  std::size_t max_batch = 256;
  // Conversations idle longer than this are deleted; zero keeps them forever.
  std::chrono::seconds retention = std::chrono::hours(24 * 30);
  // How often the worker looks for conversations past their retention.
  std::chrono::seconds retention_sweep = std::chrono::hours(1);
};

class Engine {
 public:
  using ReplyHandler = std::function<void(Result<Reply>)>;
  using HistoryHandler = std::function<void(Result<std::vector<HistoryEntry>>)>;

  Engine(std::shared_ptr<const knowledge::KnowledgeBase> kb,
         std::shared_ptr<const intents::IntentModel> model,
         std::unique_ptr<ConversationStore> store, EngineOptions options = {});
  ~Engine();  // finishes the queued turns, then stops the worker
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Queues one turn. `done` runs on the worker thread once the turn is
  // committed (or failed); it must not block, and should post to its own
  // executor.
  void submit(Message message, ReplyHandler done);

  // The user's last `limit` turns, oldest first, read on the worker thread.
  void history(std::string user, std::size_t limit, HistoryHandler done);

  // A stateless FAQ answer; touches no store, so callable from any thread.
  Reply ask(const std::string& text) const;

  // The greeting a new conversation opens with, and its suggestions.
  const std::string& welcome_text() const;
  const std::vector<std::string>& welcome_suggestions() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gutbot::bot
