#include "bot/engine.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <variant>

#include <nlohmann/json.hpp>

#include "bot/conversation_store.h"
#include "bot/dialogue.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::bot {
namespace {

std::int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

struct TurnJob {
  Message message;
  Engine::ReplyHandler done;
};

struct HistoryJob {
  std::string user;
  std::size_t limit;
  Engine::HistoryHandler done;
};

using Job = std::variant<TurnJob, HistoryJob>;

}  // namespace

class Engine::Impl {
 public:
  Impl(std::shared_ptr<const knowledge::KnowledgeBase> kb,
       std::shared_ptr<const intents::IntentModel> model, std::unique_ptr<ConversationStore> store,
       EngineOptions options)
      : kb_(kb), dialogue_(std::move(kb), std::move(model)), store_(std::move(store)),
        options_(options), worker_([this] { run(); }) {}

  ~Impl() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    worker_.join();
  }

  void enqueue(Job job) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(job));
    }
    wake_.notify_one();
  }

  Reply ask(const std::string& text) const {
    ConversationState fresh;
    return dialogue_.respond(fresh, text);
  }

  const knowledge::KnowledgeBase& kb() const { return *kb_; }

 private:
  // The worker: takes everything queued, answers the turns against the
  // stored states, commits them in one transaction, then hands out replies.
  void run() {
    auto next_sweep = std::chrono::steady_clock::now();
    for (;;) {
      if (options_.retention.count() > 0 && std::chrono::steady_clock::now() >= next_sweep) {
        forget_idle();
        next_sweep = std::chrono::steady_clock::now() + options_.retention_sweep;
      }
      std::deque<Job> jobs;
      {
        std::unique_lock lock(mutex_);
        wake_.wait_until(lock, next_sweep, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) {
          if (stopping_) return;  // and nothing left to do
          continue;               // time to sweep
        }
        const std::size_t n = std::min(queue_.size(), options_.max_batch);
        jobs.insert(jobs.end(), std::make_move_iterator(queue_.begin()),
                    std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      }
      process(jobs);
    }
  }

  void process(std::deque<Job>& jobs) {
    std::vector<TurnJob> turns;
    std::vector<Reply> replies;
    std::vector<TurnWrite> writes;
    // The state each user reaches within this batch, before it is committed.
    std::map<std::string, StoredState> pending;

    auto flush = [&] {
      if (writes.empty()) return;
      Result<bool> committed = store_->commit(writes);
      for (std::size_t i = 0; i < turns.size(); ++i) {
        if (committed) {
          turns[i].done(std::move(replies[i]));
        } else {
          turns[i].done(committed.error());
        }
      }
      turns.clear();
      replies.clear();
      writes.clear();
      pending.clear();
    };

    for (Job& job : jobs) {
      if (auto* h = std::get_if<HistoryJob>(&job)) {
        flush();  // a history read sees every turn queued before it
        h->done(history(h->user, h->limit));
        continue;
      }
      auto& turn = std::get<TurnJob>(job);
      auto it = pending.find(turn.message.user);
      if (it == pending.end()) {
        auto loaded = store_->load(turn.message.user);
        if (!loaded) {
          turn.done(loaded.error());
          continue;
        }
        it = pending.emplace(turn.message.user,
                             loaded.value().value_or(StoredState{"{}", 0})).first;
      }
      ConversationState state = ParseState(it->second.state);
      Reply reply = dialogue_.respond(state, turn.message.text);
      reply.reply_to = turn.message.id;

      TurnWrite w;
      w.user = turn.message.user;
      w.channel = turn.message.channel;
      w.user_text = turn.message.text;
      w.bot_text = reply.text;
      w.reply = ToJson(reply).dump();
      w.state = Serialize(state);
      w.version = it->second.version;
      w.at_unix_ms = NowMs();
      it->second = {w.state, w.version + 1};

      writes.push_back(std::move(w));
      replies.push_back(std::move(reply));
      turns.push_back(std::move(turn));
    }
    flush();
  }

  // Privacy: conversations idle past the retention are deleted, turns and all.
  void forget_idle() {
    const auto cutoff = NowMs() - std::chrono::duration_cast<std::chrono::milliseconds>(
                                      options_.retention).count();
    auto removed = store_->forget_idle(cutoff);
    if (!removed) {
      std::fprintf(stderr, "{\"level\":\"error\",\"event\":\"retention_failed\",\"message\":%s}\n",
                   nlohmann::json(removed.error().message).dump().c_str());
    } else if (removed.value() > 0) {
      std::fprintf(stderr, "{\"level\":\"info\",\"event\":\"retention\",\"forgotten\":%zu}\n",
                   removed.value());
    }
  }

  Result<std::vector<HistoryEntry>> history(const std::string& user, std::size_t limit) {
    // A turn holds two entries; read enough turns to fill `limit` entries.
    auto records = store_->turns(user, (limit + 1) / 2);
    if (!records) return records.error();
    std::vector<HistoryEntry> out;
    for (const auto& r : records.value()) {
      out.push_back({"user", r.user_text});
      out.push_back({"bot", r.bot_text});
    }
    if (out.size() > limit) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
    return out;
  }

  std::shared_ptr<const knowledge::KnowledgeBase> kb_;
  Dialogue dialogue_;
  std::unique_ptr<ConversationStore> store_;
  EngineOptions options_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;     // guarded by mutex_
  bool stopping_ = false;     // guarded by mutex_
  std::thread worker_;        // last: starts once everything above exists
};

Engine::Engine(std::shared_ptr<const knowledge::KnowledgeBase> kb,
               std::shared_ptr<const intents::IntentModel> model,
               std::unique_ptr<ConversationStore> store, EngineOptions options)
    : impl_(std::make_unique<Impl>(std::move(kb), std::move(model), std::move(store), options)) {}

Engine::~Engine() = default;

void Engine::submit(Message message, ReplyHandler done) {
  impl_->enqueue(TurnJob{std::move(message), std::move(done)});
}

void Engine::history(std::string user, std::size_t limit, HistoryHandler done) {
  impl_->enqueue(HistoryJob{std::move(user), limit, std::move(done)});
}

Reply Engine::ask(const std::string& text) const { return impl_->ask(text); }

const std::string& Engine::welcome_text() const { return impl_->kb().phrases.welcome; }

const std::vector<std::string>& Engine::welcome_suggestions() const {
  return impl_->kb().phrases.welcome_suggestions;
}

}  // namespace gutbot::bot
