// The normaliser sees every message's raw bytes first: any byte string must
// come out as tokens whose spans lie inside the text, in order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "intents/normalizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::uint32_t previous_start = 0;
  for (const auto& token : gutbot::intents::Normalize(text)) {
    if (token.text.empty() || token.start > token.end || token.end > size ||
        token.start < previous_start) {
      std::abort();
    }
    previous_start = token.start;
  }
  return 0;
}
