#include "intents/stemmer.h"

#include <libstemmer.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace gutbot::intents {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

sb_stemmer& ThreadStemmer() {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("english", "UTF_8"));
  if (!stemmer) throw std::runtime_error("libstemmer: no English stemmer");
  return *stemmer;
}

}  // namespace

std::string Stem(std::string_view word) {
  if (word.empty() ||
      std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::string(word);
  }
  sb_stemmer& stemmer = ThreadStemmer();
  const sb_symbol* stem = sb_stemmer_stem(&stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  if (stem == nullptr) return std::string(word);  // out of memory inside libstemmer
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<std::size_t>(sb_stemmer_length(&stemmer)));
}

}  // namespace gutbot::intents
