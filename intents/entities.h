// Finds the lexicon's entities (body_system, symptom, food, diet, supplement,
// medication, condition) by longest match over stemmed words, with byte
// offsets into the original text. Built once; immutable and thread-safe.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "intents/intent_model.h"
#include "intents/phrase_matcher.h"
#include "intents/term.h"

namespace gutbot::intents {

class EntityMatcher {
 public:
  // type -> canonical value -> surface forms (the value itself is a form too).
  explicit EntityMatcher(
      const std::map<std::string, std::map<std::string, std::vector<std::string>>>& entities);

  // Appends the entities of `terms`, left to right; at each position the
  // longest form wins and its words are consumed. A form listed under several
  // types or values yields one entity for each.
  void find(std::span<const Term> terms, std::vector<Entity>& out) const;

 private:
  struct Value {
    std::string type;
    std::string value;
  };
  std::vector<Value> values_;  // payload of matcher_
  PhraseMatcher matcher_;
};

}  // namespace gutbot::intents
