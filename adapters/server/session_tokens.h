// Session tokens: the server-issued identity of a WebSocket or /v1/chat user,
// a random id signed with the server's secret (HMAC-SHA256). Immutable after
// construction, so one instance is safe to share between all I/O threads.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace gutbot::adapters {

struct IssuedSession {
  std::string id;  // the conversation key, used as bot::Message::user
  // What the client keeps: "<id>.<issued>.<started>.<signature>", times in
  // unix seconds, `started` the session's first issue. (Tokens of the
  // older form "<id>.<issued>.<signature>" are read with started = issued.)
  std::string token;
};

enum class TokenStatus { kValid, kInvalid, kExpired };

struct TokenCheck {
  TokenStatus status = TokenStatus::kInvalid;
  std::string id;                                 // when valid
  std::chrono::system_clock::time_point started;  // when valid: the session's first issue
};

class SessionTokens {
 public:
  using Clock = std::chrono::system_clock;

  // `secret` signs every token; instances sharing it accept each other's
  // tokens. A token is good for `max_age` after it was issued or refreshed,
  // and however often refreshed, for `lifetime` after its session started
  // (zero: no limit), so that a stolen one dies. Throws
  // std::invalid_argument when the secret is empty.
  explicit SessionTokens(std::string secret, std::chrono::seconds max_age = std::chrono::days(30),
                         std::chrono::seconds lifetime = std::chrono::days(90));

  // A fresh random id and its signed token. Throws std::runtime_error when
  // the system's random source fails (it should never).
  IssuedSession issue(Clock::time_point now = Clock::now()) const;
  // A new token for the session of a valid `checked` token, so that one in
  // use does not expire before its lifetime is over.
  IssuedSession refresh(TokenCheck checked, Clock::time_point now = Clock::now()) const;

  // Whether `token` is one of ours, intact and still in date, and its id.
  TokenCheck check(std::string_view token, Clock::time_point now = Clock::now()) const;
  // The id a valid token carries, or nullopt.
  std::optional<std::string> verify(std::string_view token) const;

 private:
  std::string sign(std::string_view payload) const;
  IssuedSession make(std::string id, Clock::time_point started, Clock::time_point now) const;

  std::string secret_;
  std::chrono::seconds max_age_;
  std::chrono::seconds lifetime_;
};

// The token secret: the GUTBOT_SECRET environment variable when set, else
// the contents of `file`, which is created on first use with 32 random bytes
// in hex, readable by its owner only. Throws std::system_error or
// std::runtime_error when neither works (start-up only).
std::string LoadOrCreateSecret(const std::filesystem::path& file);

}  // namespace gutbot::adapters
