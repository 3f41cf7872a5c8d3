// Message digests with OpenSSL: SHA-256, HMAC, and the comparison of secrets
// in constant time that every check of a token or signature uses. Pure
// functions; thread-safe. Digests are raw bytes: bot/common/hex.h and
// bot/common/base64.h write them as text.
#pragma once

#include <string>
#include <string_view>

namespace gutbot::bot {

// SHA-256 of `data` (32 bytes).
std::string Sha256(std::string_view data);

enum class HmacDigest { kSha1, kSha256 };

// HMAC of `data` under `key` (20 bytes with SHA-1, 32 with SHA-256). Throws
// std::runtime_error when OpenSSL fails (it should never).
std::string Hmac(HmacDigest digest, std::string_view key, std::string_view data);

// Whether `a` and `b` are equal, in a time that depends on neither their
// contents nor (compared as digests) their lengths.
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace gutbot::bot
