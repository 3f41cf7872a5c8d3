// Remembers the platforms' deliveries recently seen (Telegram's update_id,
// Slack's event_id, Twilio's MessageSid) and their answers, so that a retry
// is answered once and never starts a second turn. Bounded in size and time;
// in memory, so it covers one server instance and forgets on restart.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "adapters/channel.h"

namespace gutbot::adapters {

class DeliveryLedger {
 public:
  using Clock = std::chrono::steady_clock;

  // Keeps at most `capacity` deliveries (the oldest go first), each for
  // `ttl`.
  DeliveryLedger(std::size_t capacity, std::chrono::seconds ttl);

  struct Seen {
    // The first delivery's answer; nullopt while it is being answered.
    std::optional<WebhookResponse> answer;
  };

  // Nullopt when `key` is new: it is then recorded as being answered.
  // Otherwise what is known of its first delivery.
  std::optional<Seen> claim(const std::string& key, Clock::time_point now = Clock::now());

  // Records the answer to a claimed delivery.
  void complete(const std::string& key, WebhookResponse answer);

  // Forgets a claimed delivery that failed, so that a retry is answered.
  void release(const std::string& key);

 private:
  struct Entry {
    std::string key;
    Clock::time_point at;
    Seen seen;
  };

  void expire(Clock::time_point now);

  const std::size_t capacity_;
  const std::chrono::seconds ttl_;
  std::mutex mutex_;
  // State below is protected by mutex_. Oldest first.
  std::list<Entry> entries_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace gutbot::adapters
