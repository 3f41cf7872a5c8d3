// Session tokens: the server-issued identity of a WebSocket or /v1/chat user,
// a random id signed with the server's secret (HMAC-SHA256). Immutable after
// construction, so one instance is safe to share between all I/O threads.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace gutbot::adapters {

struct IssuedSession {
  std::string id;     // the conversation key, used as bot::Message::user
  std::string token;  // what the client keeps: "<id>.<signature>"
};

class SessionTokens {
 public:
  // `secret` signs every token; instances sharing it accept each other's
  // tokens. Throws std::invalid_argument when it is empty.
  explicit SessionTokens(std::string secret);

  // A fresh random id and its signed token. Throws std::runtime_error when
  // the system's random source fails (it should never).
  IssuedSession issue() const;

  // The id a token carries, or nullopt when the token is malformed, forged
  // or altered.
  std::optional<std::string> verify(std::string_view token) const;

 private:
  std::string sign(std::string_view id) const;

  std::string secret_;
};

// The token secret: the GUTBOT_SECRET environment variable when set, else
// the contents of `file`, which is created on first use with 32 random bytes
// in hex, readable by its owner only. Throws std::system_error or
// std::runtime_error when neither works (start-up only).
std::string LoadOrCreateSecret(const std::filesystem::path& file);

}  // namespace gutbot::adapters
