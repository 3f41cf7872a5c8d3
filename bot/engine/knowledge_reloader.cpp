#include "bot/engine/knowledge_reloader.h"

#include <chrono>

#include "bot/engine/engine.h"
#include "bot/engine/runtime.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::bot {

KnowledgeReloader::KnowledgeReloader(std::shared_ptr<Engine> engine, std::filesystem::path dir)
    : engine_(std::move(engine)), dir_(std::move(dir)), worker_([this] { run(); }) {}

KnowledgeReloader::~KnowledgeReloader() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  worker_.join();
}

void KnowledgeReloader::reload(Handler done) {
  {
    std::lock_guard lock(mutex_);
    waiting_.push_back(std::move(done));
  }
  wake_.notify_one();
}

void KnowledgeReloader::run() {
  for (;;) {
    std::vector<Handler> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, nothing asked
      batch.swap(waiting_);
    }
    const Result<nlohmann::json> result = load_and_swap();
    for (Handler& done : batch) done(result);
  }
}

Result<nlohmann::json> KnowledgeReloader::load_and_swap() {
  const auto start = std::chrono::steady_clock::now();
  Runtime fresh;
  try {
    fresh = LoadRuntime(dir_);
  } catch (const std::exception& e) {
    return Error{ErrorCode::kInvalidKnowledgeBase, e.what()};
  }
  engine_->reload(fresh.kb, fresh.model);
  std::size_t examples = 0;
  for (const auto& topic : fresh.kb->topics) examples += topic.examples.size();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return nlohmann::json{{"name", fresh.kb->name},
                        {"topics", fresh.kb->topics.size()},
                        {"examples", examples},
                        {"took_ms", took.count()}};
}

}  // namespace gutbot::bot
