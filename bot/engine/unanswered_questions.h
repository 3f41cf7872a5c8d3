// The questions the bot could not answer, grouped by their normalised text
// with counts: the operator's list of what the knowledge base is missing
// (/admin/unanswered). Kept in memory, bounded, per process. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bot/common/mutex.h"

namespace gutbot::bot {

struct UnansweredQuestion {
  std::string text;  // normalised: lower case, words separated by one space
  std::uint64_t count = 0;
  std::int64_t last_unix_ms = 0;
};

class UnansweredQuestions {
 public:
  // At most `capacity` distinct questions are kept; when full, the least
  // asked one (the oldest of equals) makes room.
  explicit UnansweredQuestions(std::size_t capacity = 1000);

  void record(std::string_view text, std::int64_t at_unix_ms);
  // The `limit` most asked, most asked first (then most recent).
  std::vector<UnansweredQuestion> top(std::size_t limit) const;

  // Lower case ASCII, punctuation dropped, runs of spaces made one, at most
  // 200 bytes (cut at a character boundary). Non-ASCII letters are kept.
  static std::string Normalise(std::string_view text);

 private:
  std::size_t capacity_;
  mutable Mutex mutex_;
  std::unordered_map<std::string, UnansweredQuestion> questions_ GUARDED_BY(mutex_);
};

}  // namespace gutbot::bot
