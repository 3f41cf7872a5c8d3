// Snowball English stemming through Debian's libstemmer. libstemmer's
// stemmer object is not thread-safe, so each thread lazily owns its own;
// Stem() itself is safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

namespace gutbot::intents {

// The stem of one normalised (lower-case) word; words of digits come back unchanged.
std::string Stem(std::string_view word);

}  // namespace gutbot::intents
