#include "bot/engine/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <variant>

#include "bot/common/log.h"
#include "bot/common/metrics.h"
#include "bot/common/mutex.h"
#include "bot/common/rfc3339.h"
#include "bot/engine/conversation_export.h"
#include "bot/engine/conversation_store.h"
#include "bot/engine/dialogue.h"
#include "bot/engine/state_cache.h"
#include "bot/engine/sync_queue.h"
#include "bot/engine/turn_batch.h"
#include "intents/intent_ids.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::bot {
namespace {

// Work other than turns that needs the store; it runs after every turn
// queued before it is committed, so it sees them. A job that deletes
// conversations drops them from the cache too.
using StoreJob = std::function<void(ConversationStore&, StateCache&)>;
using Job = std::variant<TurnJob, StoreJob>;

// What answers: a knowledge base and the dialogue built on it, swapped whole
// by reload().
struct Content {
  std::shared_ptr<const knowledge::KnowledgeBase> kb;
  std::shared_ptr<const Dialogue> dialogue;
};

}  // namespace

class Engine::Impl {
 public:
  Impl(std::shared_ptr<const knowledge::KnowledgeBase> kb,
       std::shared_ptr<const intents::IntentModel> model, std::unique_ptr<ConversationStore> store,
       EngineOptions options)
      : content_{kb, std::make_shared<const Dialogue>(kb, std::move(model), options.dialogue)},
        store_(std::move(store)),
        options_(std::move(options)),
        cache_(options_.state_cache_size),
        metrics_(options_.metrics ? options_.metrics : std::make_shared<Metrics>()),
        hooks_{[this](const TurnJob& job, const Reply& reply) {
                 count(job.message.channel, job.message.text, reply, job.queued);
               },
               [this](std::chrono::duration<double> took, const Status& result) {
                 committed(took, result);
               }},
        commit_seconds_(metrics_->histogram("gutbot_store_commit_seconds",
                                            "Time to commit one batch of turns to the store.",
                                            Metrics::LatencyBuckets())),
        reply_seconds_(metrics_->histogram("gutbot_reply_seconds",
                                           "Time from a message's arrival to its committed reply.",
                                           Metrics::LatencyBuckets())),
        sync_seconds_(metrics_->histogram("gutbot_store_sync_seconds",
                                          "Time to make the committed batches durable (one fsync).",
                                          Metrics::LatencyBuckets())),
        handout_(*store_, [this](std::chrono::duration<double> took,
                                 const Status& result) { synced(took, result); }),
        worker_([this] { run(); }) {
    metrics_->gauge("gutbot_engine_queue_depth", "Messages and store jobs waiting for the worker.",
                    [depth = queue_depth_] { return static_cast<double>(depth->load()); });
  }

  ~Impl() {
    {
      MutexLock lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    worker_.join();
  }

  void enqueue(Job job) {
    {
      MutexLock lock(mutex_);
      queue_.push_back(std::move(job));
      queue_depth_->store(queue_.size());
    }
    wake_.notify_one();
  }

  Content content() const {
    MutexLock lock(content_mutex_);
    return content_;
  }

  void reload(std::shared_ptr<const knowledge::KnowledgeBase> kb,
              std::shared_ptr<const intents::IntentModel> model) {
    Content fresh{kb, std::make_shared<const Dialogue>(kb, std::move(model), options_.dialogue)};
    MutexLock lock(content_mutex_);
    content_ = std::move(fresh);
  }

  Reply ask(const std::string& text) const {
    const auto start = std::chrono::steady_clock::now();
    ConversationState fresh;
    Reply reply = content().dialogue->respond(fresh, text);
    count("faq", text, reply, start);
    return reply;
  }

  Metrics& metrics() const { return *metrics_; }

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
        MutexLock lock(mutex_);
        while (!stopping_ && queue_.empty()) {
          if (!wake_.wait_until(mutex_, next_sweep)) break;  // time to sweep
        }
        if (queue_.empty()) {
          if (stopping_) return;  // and nothing left to do
          continue;               // time to sweep
        }
        const std::size_t n = std::min(queue_.size(), options_.max_batch);
        jobs.insert(jobs.end(), std::make_move_iterator(queue_.begin()),
                    std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        queue_depth_->store(queue_.size());
      }
      process(jobs);
    }
  }

  void process(std::deque<Job>& jobs) {
    const Content content = this->content();  // one knowledge base per batch
    TurnBatch batch(*content.dialogue, *store_, cache_, hooks_, handout_, options_.quota);
    for (Job& job : jobs) {
      if (auto* store_job = std::get_if<StoreJob>(&job)) {
        commit(batch, *content.dialogue);
        handout_.drain();  // replies to earlier turns go out first
        (*store_job)(*store_, cache_);
      } else {
        batch.add(std::move(std::get<TurnJob>(job)));
      }
    }
    commit(batch, *content.dialogue);
  }

  // Commits `batch`; turns whose conversation another instance moved on are
  // answered again one at a time, on fresh states, a few times at most.
  void commit(TurnBatch& batch, const Dialogue& dialogue) {
    std::vector<TurnJob> again = batch.commit(false);
    for (TurnJob& job : again) {
      for (int attempt = 2;; ++attempt) {
        back_off(attempt);
        TurnBatch single(dialogue, *store_, cache_, hooks_, handout_, options_.quota);
        single.add(std::move(job));
        std::vector<TurnJob> back = single.commit(attempt >= options_.conflict_attempts);
        if (back.empty()) break;
        job = std::move(back.front());
      }
    }
  }

  // Two instances retrying the same conversation in step would collide again
  // and again; a random pause, doubling with each attempt, breaks the step.
  // Conflicts need two instances answering one conversation at the same
  // moment, so the pause is rare enough to take on the worker.
  void back_off(int attempt) {
    const int ceiling_us = std::min(1000 << std::min(attempt - 2, 6), 50'000);
    std::uniform_int_distribution<int> pause(0, ceiling_us);
    std::this_thread::sleep_for(std::chrono::microseconds(pause(jitter_)));
  }

  // Counts one answered message that arrived at `queued`.
  void count(const std::string& channel, const std::string& text, const Reply& reply,
             std::chrono::steady_clock::time_point queued) const {
    metrics_
        ->counter("gutbot_messages_total", "Messages answered, by channel and intent.",
                  {{"channel", channel}, {"intent", reply.intent}})
        .add();
    if (reply.coverage == "none") {
      metrics_
          ->counter("gutbot_fallbacks_total", "Messages the knowledge base does not cover.",
                    {{"channel", channel}})
          .add();
    }
    if (reply.intent == intents::kUrgent) {
      metrics_
          ->counter("gutbot_urgent_total", "Messages answered with the urgent-care advice.",
                    {{"channel", channel}})
          .add();
    }
    if (!reply.safety.empty()) {
      metrics_
          ->counter("gutbot_safety_total", "Messages that raised a health concern, by category.",
                    {{"channel", channel}, {"category", reply.safety}})
          .add();
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - queued;
    reply_seconds_.observe(took.count());
    if (LogEnabled(LogLevel::kDebug)) {
      nlohmann::json fields = {{"channel", channel},
                               {"intent", reply.intent},
                               {"topic", reply.topic},
                               {"confidence", reply.confidence},
                               {"ms", took.count() * 1000}};
      if (options_.log_message_text) {
        fields["text"] = text;
        fields["reply"] = reply.text;
      }
      LogEvent(LogLevel::kDebug, "turn", std::move(fields));
    }
  }

  void count_store_error(const std::string& code) const {
    metrics_
        ->counter("gutbot_store_errors_total", "Failed store commits and flushes, by error code.",
                  {{"code", code}})
        .add();
  }

  void committed(std::chrono::duration<double> took, const Status& result) {
    commit_seconds_.observe(took.count());
    if (!result) {
      count_store_error(std::string(ErrorName(result.error().code)));
      // Conflicts are expected when instances share a conversation; commit()
      // answers the turn again, and the metric still counts them.
      LogEvent(result.error().IsConflict() ? LogLevel::kInfo : LogLevel::kError,
               "store_commit_failed",
               {{"code", ErrorName(result.error().code)}, {"message", result.error().message}});
    }
  }

  void synced(std::chrono::duration<double> took, const Status& result) {
    sync_seconds_.observe(took.count());
    if (!result) {
      count_store_error("sync");
      LogEvent(LogLevel::kError, "store_sync_failed", {{"message", result.error().message}});
    }
  }

  // Privacy: conversations idle past the retention are deleted, turns and all.
  void forget_idle() {
    const auto cutoff =
        NowUnixMs() -
        std::chrono::duration_cast<std::chrono::milliseconds>(options_.retention).count();
    auto removed = store_->forget_idle(cutoff);
    if (!removed) {
      LogEvent(LogLevel::kError, "retention_failed", {{"message", removed.error().message}});
    } else if (removed.value() > 0) {
      cache_.clear();  // cheaper than finding which ones went
      LogEvent(LogLevel::kInfo, "retention", {{"forgotten", removed.value()}});
    }
  }

  mutable Mutex content_mutex_;
  Content content_ GUARDED_BY(content_mutex_);
  std::unique_ptr<ConversationStore> store_;
  EngineOptions options_;
  StateCache cache_;                                 // the worker's only
  std::minstd_rand jitter_{std::random_device{}()};  // the worker's only
  std::shared_ptr<Metrics> metrics_;
  TurnHooks hooks_;
  Histogram& commit_seconds_;
  Histogram& reply_seconds_;  // also of stateless answers (ask), which count as channel "faq"
  Histogram& sync_seconds_;
  // After everything its releases use (the store, the hooks' counters): its
  // destructor, run once the worker has stopped, hands out the last replies.
  SyncQueue handout_;

  Mutex mutex_;
  CondVar wake_;
  std::deque<Job> queue_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  // The queue's length, for the metrics gauge, which may outlive the engine.
  std::shared_ptr<std::atomic<std::size_t>> queue_depth_ =
      std::make_shared<std::atomic<std::size_t>>(0);
  std::thread worker_;  // last: starts once everything above exists
};

Engine::Engine(std::shared_ptr<const knowledge::KnowledgeBase> kb,
               std::shared_ptr<const intents::IntentModel> model,
               std::unique_ptr<ConversationStore> store, EngineOptions options)
    : impl_(std::make_unique<Impl>(std::move(kb), std::move(model), std::move(store),
                                   std::move(options))) {}

Engine::~Engine() = default;

void Engine::submit(Message message, ReplyHandler done) {
  impl_->enqueue(TurnJob{std::move(message), std::move(done), std::chrono::steady_clock::now()});
}

void Engine::history(std::string user, std::size_t limit, HistoryHandler done) {
  impl_->enqueue(StoreJob([user = std::move(user), limit, done = std::move(done)](
                              ConversationStore& store, StateCache&) {
    // A turn holds two entries; read enough turns to fill `limit` entries.
    auto records = store.turns(user, (limit + 1) / 2);
    if (!records) return done(records.error());
    std::vector<HistoryEntry> out;
    for (const auto& r : records.value()) {
      std::optional<Reply> reply = ReplyFromJson(nlohmann::json::parse(r.reply, nullptr, false));
      std::string id = reply ? reply->reply_to : "";
      out.push_back({"user", r.user_text, r.at_unix_ms, id, std::nullopt, ""});
      out.push_back({"bot", r.bot_text, r.at_unix_ms, std::move(id), std::move(reply), r.rating});
    }
    if (out.size() > limit) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
    done(std::move(out));
  }));
}

void Engine::rate(RatingWrite rating, DoneHandler done) {
  rating.at_unix_ms = NowUnixMs();
  impl_->enqueue(StoreJob(
      [rating = std::move(rating), done = std::move(done)](ConversationStore& store, StateCache&) {
        auto saved = store.rate(rating);
        if (saved && !saved.value()) {
          return done(Error{ErrorCode::kUnknownId,
                            "This conversation has no answer to a message with that id."});
        }
        done(std::move(saved));
      }));
}

void Engine::ratings(std::size_t limit, RatingsHandler done) {
  impl_->enqueue(StoreJob([limit, done = std::move(done)](ConversationStore& store, StateCache&) {
    done(store.ratings(limit));
  }));
}

void Engine::forget(std::string user, DoneHandler done) {
  impl_->enqueue(StoreJob([user = std::move(user), done = std::move(done)](ConversationStore& store,
                                                                           StateCache& cache) {
    cache.erase(user);
    done(store.forget(user));
  }));
}

void Engine::export_conversation(std::string user, ExportHandler done) {
  impl_->enqueue(StoreJob(
      [user = std::move(user), done = std::move(done)](ConversationStore& store, StateCache&) {
        done(ExportConversation(store, user));
      }));
}

void Engine::check_store(StatusHandler done) {
  impl_->enqueue(StoreJob(
      [done = std::move(done)](ConversationStore& store, StateCache&) { done(store.ping()); }));
}

void Engine::claim_delivery(std::string key, std::chrono::seconds ttl, ClaimHandler done) {
  impl_->enqueue(StoreJob(
      [key = std::move(key), ttl, done = std::move(done)](ConversationStore& store, StateCache&) {
        done(store.claim_delivery(
            key, NowUnixMs(), std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count()));
      }));
}

void Engine::complete_delivery(std::string key, std::string answer, StatusHandler done) {
  impl_->enqueue(StoreJob(
      [key = std::move(key), answer = std::move(answer), done = std::move(done)](
          ConversationStore& store, StateCache&) { done(store.complete_delivery(key, answer)); }));
}

void Engine::release_delivery(std::string key, StatusHandler done) {
  impl_->enqueue(
      StoreJob([key = std::move(key), done = std::move(done)](
                   ConversationStore& store, StateCache&) { done(store.release_delivery(key)); }));
}

void Engine::reload(std::shared_ptr<const knowledge::KnowledgeBase> kb,
                    std::shared_ptr<const intents::IntentModel> model) {
  impl_->reload(std::move(kb), std::move(model));
}

Reply Engine::ask(const std::string& text) const { return impl_->ask(text); }

std::shared_ptr<const knowledge::KnowledgeBase> Engine::knowledge_base() const {
  return impl_->content().kb;
}

std::string Engine::welcome_text() const { return impl_->content().kb->phrases.welcome; }

std::vector<std::string> Engine::welcome_suggestions() const {
  return impl_->content().kb->phrases.welcome_suggestions;
}

void Engine::unanswered(std::int64_t since_unix_ms, std::size_t limit, UnansweredHandler done) {
  impl_->enqueue(StoreJob(
      [since_unix_ms, limit, done = std::move(done)](ConversationStore& store, StateCache&) {
        done(store.unanswered(since_unix_ms, limit));
      }));
}

void Engine::daily_counts(std::string from_day, DailyCountsHandler done) {
  impl_->enqueue(
      StoreJob([from_day = std::move(from_day), done = std::move(done)](
                   ConversationStore& store, StateCache&) { done(store.daily_counts(from_day)); }));
}

Metrics& Engine::metrics() const { return impl_->metrics(); }

}  // namespace gutbot::bot
