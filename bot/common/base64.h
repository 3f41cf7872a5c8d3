// Base64 (RFC 4648) with OpenSSL's encoder: the standard alphabet with
// padding, and the URL-safe one without. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gutbot::bot {

// `bytes` in standard Base64, padded with '=' to whole quads.
std::string Base64Encode(std::string_view bytes);

// `bytes` in unpadded Base64url ('-' and '_' for '+' and '/').
std::string Base64UrlEncode(std::string_view bytes);

// The length of Base64UrlEncode's text for `bytes` bytes.
constexpr std::size_t Base64UrlLength(std::size_t bytes) { return (bytes * 8 + 5) / 6; }

// Whether every character of `text` is of the Base64url alphabet.
bool IsBase64Url(std::string_view text);

}  // namespace gutbot::bot
