// What the words of a message say about how it can be answered, beyond which
// topic it is closest to: whether the intents it could mean ever use those
// words, which things it names that the knowledge never mentions, and whether
// it reads as language at all. Built once per knowledge base; immutable
// afterwards, so its const methods are safe from any number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "intents/analyzer.h"
#include "intents/term.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::intents {

class WordRoles {
 public:
  WordRoles();

  // The terms of one training example (or title, alias) of `intent`, which
  // the caller numbers 0..63; `domain`: one of the base's subjects, whose
  // words count for every intent.
  void add_example(std::span<const Term> terms, std::uint32_t intent, bool domain);
  // Terms of what the knowledge itself says: answers, titles, the lexicon.
  void add_content(std::span<const Term> terms);
  // The topic answering about each kind of thing (the lexicon's kinds), for
  // the dictionary's words and the lexicon's own kind_words.
  void add_kind_topics(const knowledge::Lexicon& lexicon);

  // Content words of the message that no example of `intent` (and, when
  // `with_domain`, none of a domain intent) ever uses: "upgrade my car
  // insurance" is not an "affirm" however confidently "yes" starts it.
  std::size_t foreign_terms(std::span<const Term> terms, std::uint32_t intent,
                            bool with_domain) const;
  // Content words no example of a domain intent uses.
  std::size_t foreign_to_domain(std::span<const Term> terms) const;
  // Content words only the examples of `intent` use ("dog", "mortgage" for
  // out_of_scope).
  std::size_t only_in(std::span<const Term> terms, std::uint32_t intent) const;

  // The things a message names that the knowledge never mentions ("kombucha",
  // "bone broth"), as typed, in message order. Words of everyday phrasing
  // (used by the examples of several intents: "wondering", "honestly") and
  // corrected typos name nothing.
  // The spans [first, last) of the surface terms that name such things, in
  // message order: what the two methods below read.
  using Spans = std::vector<std::pair<std::size_t, std::size_t>>;
  Spans things(const Analysis& analysis) const;
  void unmentioned(const Analysis& analysis, const Spans& things,
                   std::vector<std::string>& out) const;
  // The topic the base gives for the kind of thing the message names that the
  // knowledge never mentions ("can I have sauerkraut": a food, so its diet
  // topic), when that thing is all that sets the message apart from the
  // domain: every other content word is one a domain example uses and not one
  // only `out_of_scope`'s examples use. Empty otherwise.
  struct Thing {
    std::string topic;
    bool alone = false;  // no other content word in the message
  };
  Thing thing_topic(const Analysis& analysis, const Spans& things,
                    std::uint32_t out_of_scope) const;

  // A message with no words, or whose words are mostly neither English nor
  // known to the base: a keyboard mash, lorem ipsum, another language.
  static bool Gibberish(const Analysis& analysis);

 private:
  static bool Content(const Term& term);
  // Content words used by no example of the intents in `allowed` (bits).
  std::size_t foreign(std::span<const Term> terms, std::uint64_t allowed) const;
  bool names_a_thing(const Term& term) const;
  bool part_of_a_name(const Term& term) const;

  std::uint64_t domain_mask_ = 0;
  std::unordered_map<std::uint64_t, std::uint64_t> intents_of_stem_;  // stem hash -> intent bits
  std::unordered_set<std::uint64_t> mentioned_;                       // stem hashes of the content
  std::unordered_set<std::uint64_t> everyday_;  // stem hashes of CommonWords(): phrasing
  std::unordered_map<std::uint64_t, std::string> kind_topics_;  // stem hash -> topic id
};

}  // namespace gutbot::intents
