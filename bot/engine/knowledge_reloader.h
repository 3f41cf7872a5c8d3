// Reloading the knowledge base while the server runs (SIGHUP, POST
// /admin/reload): loads and checks the base anew, builds its model, and
// swaps both into the engine at once. A broken base is refused with its
// problems and the old one keeps serving. The slow part runs on the
// reloader's own thread, never on the caller's; requests made while one
// reload runs are answered by the next one, so a burst costs two builds.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "bot/common/mutex.h"
#include "bot/common/result.h"

namespace gutbot::bot {

class Engine;

class KnowledgeReloader {
 public:
  // {"name", "topics", "examples", "took_ms"} of the base now serving, or
  // the error "invalid_knowledge_base" with the problems.
  using Handler = std::function<void(Result<nlohmann::json>)>;

  KnowledgeReloader(std::shared_ptr<Engine> engine, std::filesystem::path dir);
  ~KnowledgeReloader();  // finishes the reload under way
  KnowledgeReloader(const KnowledgeReloader&) = delete;
  KnowledgeReloader& operator=(const KnowledgeReloader&) = delete;

  // Asks for a reload; `done` runs on the reloader's thread once it is over.
  void reload(Handler done);

 private:
  void run();
  Result<nlohmann::json> load_and_swap();

  std::shared_ptr<Engine> engine_;
  std::filesystem::path dir_;
  Mutex mutex_;
  CondVar wake_;
  std::vector<Handler> waiting_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::thread worker_;  // last: starts once everything above exists
};

}  // namespace gutbot::bot
