// The safety screen every visitor message passes before a topic is chosen:
// finds red flags, thoughts of self-harm, changes to prescribed medicine,
// persistent symptoms, at-risk groups and dose questions, by the rules of a
// knowledge base's safety.json (concepts that co-occur, un-negated, within a
// window of words), with a statistical second opinion (SafetyModel) that
// may add what the rules missed when the base has safety examples. Built
// once; immutable; check() is safe from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "intents/phrase_matcher.h"
#include "intents/safety_model.h"
#include "intents/spelling.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::intents {

struct SafetyFinding {
  // The most urgent category found, "" when none:
  // "self_harm" > "emergency" > "medication" > "see_doctor" > "caution" > "dose".
  std::string category;
  std::vector<std::string> categories;  // every category found, most urgent first
  std::vector<std::string> groups;      // at-risk groups the message names, in rule order
  std::string rule;                     // the rule that decided `category`
  // every rule that fired, in rule order, then "model:<category>" for each
  // category the second opinion added
  std::vector<std::string> rules;
};

class SafetyScreen {
 public:
  // The rules alone.
  explicit SafetyScreen(const knowledge::SafetyRules& rules);
  // The base's rules, and its second opinion when it has safety examples.
  explicit SafetyScreen(const knowledge::KnowledgeBase& kb, const SafetyModelOptions& options = {});

  SafetyFinding check(std::string_view text) const;
  // The second opinion; nullptr when the base has none.
  const SafetyModel* model() const { return model_.get(); }

 private:
  struct Quantity {
    std::uint32_t concept_id;
    std::vector<std::uint32_t> units;                // unit ids: payloads of units_
    std::vector<std::vector<std::uint64_t>> before;  // term hashes of each phrase
    double min;
    double max;
  };
  struct Cancel {
    std::uint32_t by;
    std::uint32_t cancels;
    std::uint32_t before;
    std::uint32_t after;
  };
  struct Rule {
    std::string name;
    std::uint32_t category;  // index into kCategories: lower is more urgent
    std::string group;
    std::vector<std::vector<std::uint32_t>> all;  // concept ids of each slot
    std::vector<std::uint32_t> unless;
    std::uint32_t window;
    std::uint32_t unless_window;
  };
  struct Suffix {
    std::string text;
    std::uint64_t hash;  // the term hash standing for every word with that ending
  };
  struct Scratch;

  std::uint32_t concept_id(const std::string& name);
  // While building: the term hashes of a phrase's words, each remembered.
  std::vector<std::uint64_t> phrase_hashes(std::string_view phrase);
  // The hash a word is compared by: its stem's, or the word's own for a keep word.
  std::uint64_t term_hash(std::string_view word) const;
  void read(std::string_view text, Scratch& s) const;
  void find_quantities(std::size_t pos, bool negated, Scratch& s) const;
  void find_concepts(Scratch& s) const;
  bool fires(const Rule& rule, const Scratch& s) const;

  std::unordered_map<std::string, std::uint32_t> concept_ids_;
  std::unordered_map<std::uint64_t, std::uint64_t> known_terms_;  // HashString(word) -> term hash
  std::unordered_set<std::uint64_t> concept_terms_;  // term hashes of every concept word
  std::vector<Suffix> suffixes_;
  SpellingCorrector typos_;
  PhraseMatcher phrases_;  // concepts, negation cues and breaks
  PhraseMatcher units_;
  std::vector<Quantity> quantities_;
  std::vector<Cancel> cancels_;
  std::vector<Rule> rules_;
  std::vector<bool> unnegated_;  // by concept id
  std::uint32_t negation_reach_;
  std::unique_ptr<const SafetyModel> model_;
};

}  // namespace gutbot::intents
