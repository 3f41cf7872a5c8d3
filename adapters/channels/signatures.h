// The request signatures the messaging platforms use, and a comparison of
// secrets that takes the same time wherever they differ. Pure functions;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gutbot::adapters {

// HMAC-SHA256 of `data` under `key`, in lower-case hex (Slack's v0).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// HMAC-SHA1 of `data` under `key`, in standard Base64 (Twilio's).
std::string HmacSha1Base64(std::string_view key, std::string_view data);

// Whether `a` and `b` are equal, in a time that depends on neither their
// contents nor (compared as digests) their lengths.
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace gutbot::adapters
