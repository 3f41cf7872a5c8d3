#include "intents/word_roles.h"

#include <algorithm>
#include <bit>

#include "intents/word_lists.h"

namespace gutbot::intents {
namespace {

std::uint64_t Bit(std::uint32_t intent) { return intent < 64 ? std::uint64_t{1} << intent : 0; }

bool AllDigits(const std::string& word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool HasLetter(const std::string& word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

WordRoles::WordRoles() {
  // Everyday words ("good", "safe", "milk") are phrasing, never the thing a
  // partial answer names.
  for (const std::string& word : CommonWords()) everyday_.insert(MakeTerm(word, 0, 0).stem_hash);
}

bool WordRoles::Content(const Term& term) {
  return !term.grammar && term.word.size() > 1 && !AllDigits(term.word);
}

void WordRoles::add_example(std::span<const Term> terms, std::uint32_t intent, bool domain) {
  if (domain) domain_mask_ |= Bit(intent);
  for (const Term& term : terms) {
    if (Content(term)) intents_of_stem_[term.stem_hash] |= Bit(intent);
  }
}

void WordRoles::add_content(std::span<const Term> terms) {
  for (const Term& term : terms) mentioned_.insert(term.stem_hash);
}

void WordRoles::add_kind_topics(const knowledge::Lexicon& lexicon) {
  const auto add = [this, &lexicon](const std::string& word, std::string_view kind) {
    const auto it = lexicon.kinds.find(std::string(kind));
    if (it != lexicon.kinds.end() && !it->second.empty()) {
      kind_topics_.emplace(MakeTerm(word, 0, 0).stem_hash, it->second);
    }
  };
  for (const auto& [kind, words] : lexicon.kind_words) {
    for (const std::string& word : words) add(word, kind);
  }
  for (const ThingWord& thing : ThingWords()) add(thing.word, thing.kind);
}

std::size_t WordRoles::foreign_terms(std::span<const Term> terms, std::uint32_t intent,
                                     bool with_domain) const {
  return foreign(terms, (with_domain ? domain_mask_ : 0) | Bit(intent));
}

std::size_t WordRoles::foreign_to_domain(std::span<const Term> terms) const {
  return foreign(terms, domain_mask_);
}

std::size_t WordRoles::only_in(std::span<const Term> terms, std::uint32_t intent) const {
  std::size_t count = 0;
  for (const Term& term : terms) {
    if (!Content(term)) continue;
    const auto it = intents_of_stem_.find(term.stem_hash);
    count += it != intents_of_stem_.end() && it->second == Bit(intent);
  }
  return count;
}

std::size_t WordRoles::foreign(std::span<const Term> terms, std::uint64_t allowed) const {
  std::size_t foreign = 0;
  for (const Term& term : terms) {
    if (!Content(term)) continue;
    const auto it = intents_of_stem_.find(term.stem_hash);
    if (it == intents_of_stem_.end() || (it->second & allowed) == 0) ++foreign;
  }
  return foreign;
}

bool WordRoles::names_a_thing(const Term& term) const {
  if (!Content(term) || term.corrected || mentioned_.count(term.stem_hash)) return false;
  // "eggs" is everyday English, and still a food the knowledge never names.
  if (kind_topics_.count(term.stem_hash)) return true;
  if (everyday_.count(term.stem_hash)) return false;
  const auto it = intents_of_stem_.find(term.stem_hash);
  return it == intents_of_stem_.end() || std::popcount(it->second) < 3;
}

bool WordRoles::part_of_a_name(const Term& term) const {
  if (!Content(term) || term.corrected || !IsEnglishWord(term.word)) return false;
  // Phrasing that many intents' examples use ("good", "safe") names nothing.
  const auto it = intents_of_stem_.find(term.stem_hash);
  return it == intents_of_stem_.end() || std::popcount(it->second) < 3;
}

WordRoles::Spans WordRoles::things(const Analysis& analysis) const {
  Spans spans;
  const auto& terms = analysis.surface;
  std::size_t taken = 0;  // words before this belong to a thing already named
  for (std::size_t i = 0; i < terms.size();) {
    if (!names_a_thing(terms[i])) {
      ++i;
      continue;
    }
    // A run of such words is one thing ("apple cider vinegar"); a known word
    // next to it may belong to it ("oat milk", "bone broth").
    std::size_t end = i + 1;
    while (end < terms.size() && names_a_thing(terms[end])) ++end;
    if (i > taken && part_of_a_name(terms[i - 1])) --i;
    if (end < terms.size() && part_of_a_name(terms[end])) ++end;
    spans.emplace_back(i, end);
    i = taken = end;
  }
  return spans;
}

void WordRoles::unmentioned(const Analysis& analysis, const Spans& things,
                            std::vector<std::string>& out) const {
  out.clear();
  for (const auto& [first, last] : things) {
    std::string phrase;
    for (std::size_t k = first; k < last; ++k)
      phrase += (phrase.empty() ? "" : " ") + analysis.tokens[k].text;
    out.push_back(std::move(phrase));
  }
}

WordRoles::Thing WordRoles::thing_topic(const Analysis& analysis, const Spans& things,
                                        std::uint32_t out_of_scope) const {
  const auto& terms = analysis.surface;
  // Words up to a thing's last word of a known kind are the thing ("green
  // tea", "apple cider vinegar"); words after it are not ("pizza dough
  // recipe" asks for a recipe).
  std::vector<bool> exempt(terms.size(), false);
  Thing thing;
  std::string& topic = thing.topic;
  for (const auto& [first, last] : things) {
    for (std::size_t k = last; k-- > first;) {
      const auto kind = kind_topics_.find(terms[k].stem_hash);
      if (kind == kind_topics_.end()) continue;
      if (topic.empty()) topic = kind->second;
      std::fill(exempt.begin() + static_cast<std::ptrdiff_t>(first),
                exempt.begin() + static_cast<std::ptrdiff_t>(k) + 1, true);
      break;
    }
  }
  std::size_t others = 0;
  for (std::size_t i = 0; i < terms.size() && !topic.empty(); ++i) {
    if (exempt[i] || !Content(terms[i])) continue;
    ++others;
    const auto it = intents_of_stem_.find(terms[i].stem_hash);
    if (it == intents_of_stem_.end() || (it->second & domain_mask_) == 0 ||
        it->second == Bit(out_of_scope)) {
      return {};
    }
  }
  thing.alone = !topic.empty() && others == 0;
  return thing;
}

bool WordRoles::Gibberish(const Analysis& analysis) {
  std::size_t words = 0;
  std::size_t readable = 0;
  for (std::size_t i = 0; i < analysis.tokens.size(); ++i) {
    const std::string& typed = analysis.tokens[i].text;
    if (!HasLetter(typed)) continue;
    ++words;
    const Term& term = analysis.surface[i];
    if (term.known != kUnknownWord || term.grammar || IsEnglishWord(typed)) ++readable;
  }
  // One unknown word alone may be a name ("kombucha?"); two or more that are
  // mostly unreadable are not a question.
  if (words == 0) return true;
  if (words == 1) return readable == 0 && analysis.tokens.front().text.size() > 12;
  return readable * 2 < words;
}

}  // namespace gutbot::intents
