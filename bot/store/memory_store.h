// A ConversationStore in memory, for tests and for `gutbot ask`-style runs
// that keep nothing. Same semantics as the SQLite store, including the
// version check. Not thread-safe (the engine's worker owns it).
#pragma once

#include <map>

#include "bot/engine/conversation_store.h"

namespace gutbot::bot {

class MemoryStore final : public ConversationStore {
 public:
  Result<std::optional<StoredState>> load(const std::string& user) override;
  Status commit(const std::vector<TurnWrite>& batch) override;
  Result<std::vector<TurnRecord>> turns(const std::string& user, std::size_t limit) override;
  Result<bool> rate(const RatingWrite& rating) override;
  Result<std::vector<RatingRecord>> ratings(std::size_t limit) override;
  Result<bool> forget(const std::string& user) override;
  Result<std::size_t> forget_idle(std::int64_t cutoff_unix_ms) override;
  Result<std::vector<UnansweredRecord>> unanswered(std::int64_t since_unix_ms,
                                                   std::size_t limit) override;
  Result<std::vector<DailyCount>> daily_counts(const std::string& from_day) override;
  Status ping() override;
  Result<DeliveryClaim> claim_delivery(const std::string& key, std::int64_t now_ms,
                                       std::int64_t ttl_ms) override;
  Status complete_delivery(const std::string& key, const std::string& answer) override;
  Status release_delivery(const std::string& key) override;

 private:
  struct Delivery {
    std::int64_t claimed_ms = 0;
    std::optional<std::string> answer;
  };
  struct Conversation {
    StoredState state;
    std::int64_t updated_ms = 0;
    std::vector<TurnRecord> turns;
    std::map<std::size_t, RatingRecord> ratings;  // by the rated turn's index
    std::vector<UnansweredRecord> unanswered;     // oldest first
  };
  std::map<std::string, Conversation> conversations_;
  DailyCounter counts_;
  std::map<std::string, Delivery> deliveries_;
};

}  // namespace gutbot::bot
