// Evidence that a message is about the knowledge base's domain at all: how
// many of its content words belong to the domain's vocabulary rather than to
// the out-of-scope examples or to nothing known. Built once; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "intents/term.h"

namespace gutbot::intents {

struct Coverage {
  double share = 0;               // 0..1, mean domain strength of the content terms
  double domain_terms = 0;        // summed domain strength: how many domain words, in effect
  std::size_t content_terms = 0;  // terms that are not grammar words or numbers
};

class DomainScope {
 public:
  // A stem's domain strength is its rate in domain text over that plus
  // `out_of_scope_weight` times its rate in out-of-scope text: 0 makes every
  // word the domain uses full evidence; 1 weighs both sides evenly, which lets
  // near-miss examples ("leaky gut and fertility") drown the domain's own words.
  explicit DomainScope(double out_of_scope_weight);

  // Counts the stems of one text: domain text (in-scope topics, the lexicon)
  // or out-of-scope text (the out_of_scope topic's examples).
  void add(std::span<const Term> terms, bool in_domain);
  // Must be called once after the last add() and before coverage().
  void finish();

  Coverage coverage(std::span<const Term> terms) const;

 private:
  static bool Content(const Term& term);

  double out_of_scope_weight_;
  std::unordered_map<std::uint64_t, std::uint32_t> in_counts_;
  std::unordered_map<std::uint64_t, std::uint32_t> out_counts_;
  std::unordered_map<std::uint64_t, float> strength_;
  std::unordered_map<std::uint64_t, bool>
      specific_;  // stem hash -> P(domain | stem), evenly weighted
};

}  // namespace gutbot::intents
