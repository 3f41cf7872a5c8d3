#include "bot/engine/unanswered_questions.h"

#include <algorithm>
#include <cctype>

#include "bot/common/utf8.h"

namespace gutbot::bot {
namespace {

constexpr std::size_t kMaxTextBytes = 200;

bool MoreAsked(const UnansweredQuestion& a, const UnansweredQuestion& b) {
  if (a.count != b.count) return a.count > b.count;
  if (a.last_unix_ms != b.last_unix_ms) return a.last_unix_ms > b.last_unix_ms;
  return a.text < b.text;
}

}  // namespace

UnansweredQuestions::UnansweredQuestions(std::size_t capacity)
    : capacity_(std::max<std::size_t>(capacity, 1)) {}

std::string UnansweredQuestions::Normalise(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (c >= 0x80 || std::isalnum(c) || c == '\'') {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    } else {
      space = true;
    }
  }
  if (out.size() > kMaxTextBytes) {
    std::size_t cut = kMaxTextBytes;
    // Back up to the first byte of a UTF-8 sequence.
    while (cut > 0 && IsUtf8Continuation(out[cut])) --cut;
    out.resize(cut);
  }
  return out;
}

void UnansweredQuestions::record(std::string_view text, std::int64_t at_unix_ms) {
  std::string key = Normalise(text);
  if (key.empty()) return;
  MutexLock lock(mutex_);
  auto it = questions_.find(key);
  if (it == questions_.end()) {
    if (questions_.size() >= capacity_) {
      const auto least = std::max_element(
          questions_.begin(), questions_.end(),
          [](const auto& a, const auto& b) { return MoreAsked(a.second, b.second); });
      questions_.erase(least);
    }
    it = questions_.emplace(key, UnansweredQuestion{key, 0, 0}).first;
  }
  ++it->second.count;
  it->second.last_unix_ms = std::max(it->second.last_unix_ms, at_unix_ms);
}

std::vector<UnansweredQuestion> UnansweredQuestions::top(std::size_t limit) const {
  std::vector<UnansweredQuestion> out;
  {
    MutexLock lock(mutex_);
    out.reserve(questions_.size());
    for (const auto& [key, q] : questions_) out.push_back(q);
  }
  const std::size_t n = std::min(limit, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), out.end(),
                    MoreAsked);
  out.resize(n);
  return out;
}

}  // namespace gutbot::bot
