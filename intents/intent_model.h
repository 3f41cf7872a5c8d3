// The understanding of one knowledge base: turns a visitor's message into an
// intent, the knowledge topic it most likely asks about, calibrated
// confidences and entities. Built once per knowledge base by Build() and
// immutable afterwards: classify() is const and safe to call from any number
// of threads at once. Deterministic: the same text gives the same Prediction.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/knowledge_base.h"

namespace gutbot::intents {

// A span of the original text that names a lexicon entity.
struct Entity {
  std::string type;   // body_system, symptom, food, supplement, medication, condition
  std::string value;  // the lexicon's canonical value
  std::size_t start = 0;  // byte offsets into the original (not normalised) text
  std::size_t end = 0;
};

struct Scored {
  std::string id;  // an intent id or a topic id, depending on the list
  double confidence = 0;
};

struct Prediction {
  std::string intent;        // "out_of_scope" when the message is rejected
  std::string topic;         // best topic of `intent`; empty for out_of_scope
  double confidence = 0;     // 0..1, calibrated on the training data
  std::vector<Scored> alternatives;  // other intents, best first, at most 3
  std::vector<Scored> topics;        // topic ranking, best first, at most 8,
                                     // kept even when rejected (context may rescue it)
  std::vector<Entity> entities;
  bool in_domain = false;    // the message has evidence of being about the domain
};

struct ModelOptions {
  // Below this top confidence a message is out of scope. Tuned on the dev set.
  double reject_threshold = 0.35;
};

class IntentModel {
 public:
  static std::shared_ptr<const IntentModel> Build(const knowledge::KnowledgeBase& kb,
                                                  const ModelOptions& options = {});
  virtual ~IntentModel() = default;

  virtual Prediction classify(std::string_view text) const = 0;
  // A human-readable account of the features that carried the decision.
  virtual std::string explain(std::string_view text) const = 0;
};

}  // namespace gutbot::intents
