// Text normalisation: UTF-8 decoding (invalid bytes separate), compatibility,
// quote, dash, case and accent folding, contractions, British spellings and
// number words; tokens keep their original byte spans. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gutbot::intents {

struct Token {
  std::string text;         // lower case, accents stripped, ASCII wherever a fold exists
  std::uint32_t start = 0;  // byte span [start, end) in the original text; the words of
  std::uint32_t end = 0;    // one expanded contraction share the span of their source
};

// Replaces the contents of `out`, reusing its capacity.
void Normalize(std::string_view text, std::vector<Token>& out);
std::vector<Token> Normalize(std::string_view text);

}  // namespace gutbot::intents
