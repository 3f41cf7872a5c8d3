// Session tokens arrive in /ws?session= and in /v1/chat bodies from anyone.
// A string the server did not issue must never verify; one it issued must.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/server/session_tokens.h"

namespace {

const gutbot::adapters::SessionTokens& Tokens() {
  static const gutbot::adapters::SessionTokens tokens("fuzzing secret");
  return tokens;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  if (const auto id = Tokens().verify(token)) {
    // Only a forged signature could get here: 128 bits are beyond a fuzzer.
    std::abort();
  }
  // The issued token still verifies, and any one-byte change of it does not.
  const auto issued = Tokens().issue();
  if (Tokens().verify(issued.token) != issued.id) std::abort();
  if (size > 0) {
    std::string altered = issued.token;
    const std::size_t at = data[0] % altered.size();
    altered[at] = static_cast<char>(altered[at] ^ (size > 1 && data[1] != 0 ? data[1] : 1));
    if (Tokens().verify(altered)) std::abort();
  }
  return 0;
}
