#include "bot/store/memory_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace gutbot::bot {

Result<std::optional<StoredState>> MemoryStore::load(const std::string& user) {
  auto it = conversations_.find(user);
  if (it == conversations_.end()) return std::optional<StoredState>();
  return std::optional<StoredState>(it->second.state);
}

Status MemoryStore::commit(const std::vector<TurnWrite>& batch) {
  // Check every version first so a conflict leaves nothing half-applied.
  std::map<std::string, std::int64_t> versions;
  for (const TurnWrite& t : batch) {
    auto [it, fresh] = versions.try_emplace(t.user, 0);
    if (fresh) {
      auto c = conversations_.find(t.user);
      it->second = c == conversations_.end() ? 0 : c->second.state.version;
    }
    if (it->second != t.version)
      return Error{ErrorCode::kConflict, "the conversation changed meanwhile"};
    it->second = t.version + 1;
  }
  for (const TurnWrite& t : batch) {
    Conversation& c = conversations_[t.user];
    c.state = {t.state, t.version + 1};
    c.updated_ms = t.at_unix_ms;
    c.turns.push_back(
        {t.version + 1, t.at_unix_ms, t.channel, t.user_text, t.bot_text, t.reply, ""});
    counts_.add(t.at_unix_ms, t.channel, t.facts);
    if (t.facts.unanswered()) {
      c.unanswered.push_back({t.user, t.at_unix_ms, t.channel, t.user_text, t.facts.coverage,
                              t.facts.topic, t.facts.missing});
    }
  }
  return {};
}

Result<std::vector<TurnRecord>> MemoryStore::turns(const std::string& user, std::size_t limit) {
  auto it = conversations_.find(user);
  if (it == conversations_.end()) return std::vector<TurnRecord>();
  const auto& all = it->second.turns;
  const std::size_t n = std::min(limit, all.size());
  return std::vector<TurnRecord>(all.end() - static_cast<std::ptrdiff_t>(n), all.end());
}

Result<bool> MemoryStore::rate(const RatingWrite& rating) {
  auto it = conversations_.find(rating.user);
  if (it == conversations_.end()) return false;
  auto& turns = it->second.turns;
  for (std::size_t i = turns.size(); i-- > 0;) {
    const auto reply = nlohmann::json::parse(turns[i].reply, nullptr, false);
    if (!reply.is_object() || reply.value("reply_to", "") != rating.id) continue;
    turns[i].rating = rating.rating;
    it->second.ratings[i] = {rating.user,       turns[i].seq,  turns[i].channel, turns[i].user_text,
                             turns[i].bot_text, rating.rating, rating.comment,   rating.at_unix_ms};
    return true;
  }
  return false;
}

Result<std::vector<RatingRecord>> MemoryStore::ratings(std::size_t limit) {
  std::vector<RatingRecord> out;
  for (const auto& [user, conversation] : conversations_) {
    for (const auto& [index, record] : conversation.ratings) out.push_back(record);
  }
  std::stable_sort(out.begin(), out.end(), [](const RatingRecord& a, const RatingRecord& b) {
    return a.at_unix_ms > b.at_unix_ms;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<bool> MemoryStore::forget(const std::string& user) {
  const auto it = conversations_.find(user);
  if (it == conversations_.end()) return false;
  for (const DailyCount& c : Uncounted(it->second.turns)) counts_.add(c);
  conversations_.erase(it);
  return true;
}

Result<std::size_t> MemoryStore::forget_idle(std::int64_t cutoff_unix_ms) {
  counts_.erase_through(UtcDay(cutoff_unix_ms));
  return static_cast<std::size_t>(std::erase_if(
      conversations_, [&](const auto& entry) { return entry.second.updated_ms < cutoff_unix_ms; }));
}

Result<std::vector<UnansweredRecord>> MemoryStore::unanswered(std::int64_t since_unix_ms,
                                                              std::size_t limit) {
  std::vector<UnansweredRecord> out;
  for (const auto& [user, conversation] : conversations_) {
    for (const UnansweredRecord& r : conversation.unanswered) {
      if (r.at_unix_ms >= since_unix_ms) out.push_back(r);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.at_unix_ms > b.at_unix_ms; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<std::vector<DailyCount>> MemoryStore::daily_counts(const std::string& from_day) {
  return counts_.counts(from_day);
}

Status MemoryStore::ping() { return {}; }

Result<DeliveryClaim> MemoryStore::claim_delivery(const std::string& key, std::int64_t now_ms,
                                                  std::int64_t ttl_ms) {
  std::erase_if(deliveries_,
                [&](const auto& entry) { return entry.second.claimed_ms < now_ms - ttl_ms; });
  const auto [it, first] = deliveries_.try_emplace(key, Delivery{now_ms, std::nullopt});
  return DeliveryClaim{first, first ? std::nullopt : it->second.answer};
}

Status MemoryStore::complete_delivery(const std::string& key, const std::string& answer) {
  const auto it = deliveries_.find(key);
  if (it != deliveries_.end()) it->second.answer = answer;
  return {};
}

Status MemoryStore::release_delivery(const std::string& key) {
  deliveries_.erase(key);
  return {};
}

}  // namespace gutbot::bot
