#include "bot/engine/turn_batch.h"

#include <nlohmann/json.hpp>

#include "bot/common/rfc3339.h"
#include "bot/engine/conversation_state.h"
#include "bot/engine/dialogue.h"

namespace gutbot::bot {
namespace {

// A repeated client id is looked for among this many latest turns: as many
// as the state remembers ids for.
constexpr std::size_t kRepeatWindow = 32;

}  // namespace

TurnBatch::TurnBatch(const Dialogue& dialogue, ConversationStore& store, StateCache& cache,
                     const TurnHooks& hooks, SyncQueue& handout, const StorageQuota& quota)
    : dialogue_(dialogue),
      store_(store),
      cache_(cache),
      hooks_(hooks),
      handout_(handout),
      quota_(quota) {}

std::optional<Reply> TurnBatch::earlier_reply(const std::string& user, const std::string& id) {
  for (auto it = answered_.rbegin(); it != answered_.rend(); ++it) {
    if (it->job.message.user == user && it->reply.reply_to == id) return it->reply;
  }
  auto stored = store_.turns(user, kRepeatWindow);
  if (!stored) return std::nullopt;
  for (auto it = stored.value().rbegin(); it != stored.value().rend(); ++it) {
    auto reply = ReplyFromJson(nlohmann::json::parse(it->reply, nullptr, false));
    if (reply && reply->reply_to == id) {
      reply->encoded = it->reply;
      return reply;
    }
  }
  return std::nullopt;
}

void TurnBatch::add(TurnJob job) {
  const Message& message = job.message;
  auto it = states_.find(message.user);
  if (it == states_.end()) {
    std::optional<VersionedState> cached = cache_.take(message.user);
    if (!cached) {
      auto loaded = store_.load(message.user);
      if (!loaded) {
        answered_.push_back({std::move(job), Reply{}, false, loaded.error()});
        return;
      }
      const StoredState stored = loaded.value().value_or(StoredState{"{}", 0});
      cached = VersionedState{ParseState(stored.state), stored.version};
    }
    it = states_.emplace(message.user, std::move(*cached)).first;
  }
  ConversationState& state = it->second.state;
  if (state.answered(message.id)) {
    if (auto earlier = earlier_reply(message.user, message.id)) {
      answered_.push_back({std::move(job), std::move(*earlier), true, std::nullopt});
      return;
    }
  }
  // Each committed turn bumps the version: it counts the conversation's turns.
  if (auto refused = quota_.refuse(it->second.version)) {
    answered_.push_back({std::move(job), Reply{}, false, std::move(refused)});
    return;
  }
  if (message.shows_disclaimer) state.disclaimer_shown = true;
  Reply reply = dialogue_.respond(state, message.text);
  reply.reply_to = message.id;
  state.remember_client_id(message.id);

  TurnWrite w;
  w.user = message.user;
  w.channel = message.channel;
  w.user_text = message.text;
  w.bot_text = reply.text;
  w.reply = EncodeReply(reply);
  reply.encoded = w.reply;
  w.state = Serialize(state);
  w.version = it->second.version;
  w.at_unix_ms = NowUnixMs();
  w.facts = FactsOf(reply);
  ++it->second.version;
  writes_.push_back(std::move(w));
  answered_.push_back({std::move(job), std::move(reply), false, std::nullopt});
}

std::vector<TurnJob> TurnBatch::commit(bool last_attempt) {
  Status committed;
  if (!writes_.empty()) {
    const auto start = std::chrono::steady_clock::now();
    committed = store_.commit(writes_);
    if (hooks_.committed) hooks_.committed(std::chrono::steady_clock::now() - start, committed);
  }
  if (committed) {
    for (auto& [user, state] : states_) cache_.put(user, std::move(state));
  }
  std::vector<Answered> answered = std::move(answered_);
  answered_.clear();
  writes_.clear();
  states_.clear();

  std::vector<TurnJob> again;
  if (!committed && committed.error().IsConflict() && !last_attempt) {
    for (Answered& a : answered) again.push_back(std::move(a.job));
    return again;
  }
  handout_.push([answered = std::move(answered), committed = std::move(committed),
                 &hooks = hooks_](const Status& synced) mutable {
    for (Answered& a : answered) {
      if (a.failed) {
        a.job.done(*a.failed);
      } else if (!committed) {
        a.job.done(committed.error());
      } else if (!synced) {
        a.job.done(synced.error());
      } else {
        if (!a.repeat && hooks.answered) hooks.answered(a.job, a.reply);
        a.job.done(std::move(a.reply));
      }
    }
  });
  return again;
}

}  // namespace gutbot::bot
