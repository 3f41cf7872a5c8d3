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

#include "intents/features.h"
#include "intents/softmax_classifier.h"
#include "intents/spelling.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::intents {

// A span of the original text that names a lexicon entity.
struct Entity {
  std::string type;       // body_system, symptom, food, supplement, medication, condition
  std::string value;      // the lexicon's canonical value
  std::size_t start = 0;  // byte offsets into the original (not normalised) text
  std::size_t end = 0;
};

struct Scored {
  std::string id;  // an intent id or a topic id, depending on the list
  double confidence = 0;
};

struct Prediction {
  std::string intent;                // "out_of_scope" when the message is rejected
  std::string topic;                 // best topic of `intent`; empty for out_of_scope
  double confidence = 0;             // 0..1, calibrated on the training data; for out_of_scope,
                                     // the strongest reason: its own probability, 1 - the best
                                     // intent's, or the share of words foreign to the domain
  std::vector<Scored> alternatives;  // other intents, best first, at most 3
  std::vector<Scored> topics;        // topic ranking, best first, at most 8,
                                     // kept even when rejected (context may rescue it)
  std::vector<Entity> entities;
  bool in_domain = false;  // the message has evidence of being about the domain
  double coverage = 0;     // share of content words from the domain's vocabulary, 0..1
  // Topics the message names by one of their aliases, as typed or through a
  // synonym ("booze" names a topic aliased "alcohol"); ids, knowledge-base order.
  std::vector<std::string> named_topics;
  // The message's words as Normalize gives them (case, accents and
  // contractions folded, before spelling correction), for rules that compare
  // the words themselves.
  std::vector<std::string> words;
  // No meaning to read: no words, or mostly words neither English nor known
  // to the base (a keyboard mash, lorem ipsum, another language).
  bool gibberish = false;
  // Content words that no example of the domain uses ("timer", "tyres"):
  // a message with none may be about the subject without naming it.
  std::size_t foreign_words = 0;
  // Content words only the out-of-scope examples use ("dog", "mortgage").
  std::size_t out_of_scope_words = 0;
  // Things the message names that the knowledge never mentions ("kombucha",
  // "bone broth"), as typed, in message order: what a partial answer names.
  std::vector<std::string> unmentioned;
  // The topic that answers about the kind of such a thing ("sauerkraut", a
  // food: the diet), when the thing is all that is foreign to the domain in
  // the message (knowledge::Lexicon::kinds); empty otherwise.
  std::string thing_topic;
  // ... and the message names nothing else: no content word beside the thing
  // ("what about coffee?").
  bool thing_alone = false;
};

// The defaults are tuned on tests/data/dev_set.jsonl as a whole.
struct ModelOptions {
  // Below this top confidence a message is out of scope.
  double reject_threshold = 0.2;
  // A domain intent needs at least this share of the message's content words
  // to come from the domain's vocabulary; a message without content words
  // ("what is it") has none. Conversation intents need no domain words.
  double min_coverage = 0.7;
  // ... or at least this many domain words, whatever their share: long,
  // chatty messages ("my naturopath said ... no clue what that is") are in
  // the domain even when most of their words are not.
  double min_domain_words = 3.0;
  // ... and unless at least this share of them is foreign to the domain
  // (used by none of its examples): "how long does it take to become an
  // architect" is not a healing-time question.
  double max_foreign_share = 0.5;
  // How much a word's use in the out_of_scope examples counts against it
  // being domain vocabulary (see DomainScope).
  double out_of_scope_word_weight = 0.02;
  // help, bot_identity, sources, more, affirm and deny mean something only
  // in their own words: with more than this many content words that neither
  // their examples nor the domain's use, a message is out of scope ("yes I
  // want to upgrade my car insurance" is no "yes").
  std::size_t max_foreign_words = 0;
  // Training weights: each topic's examples weigh (mean topic total / topic
  // total)^topic_balance, times (topics of its intent)^-intent_balance.
  double topic_balance = 0.75;
  double intent_balance = 0.5;
  // Training weight of a topic's title and of each alias, next to its examples' 1.
  float title_weight = 0.5F;
  float alias_weight = 0.5F;
  // Folds of the training data whose held-out predictions fit the temperature.
  std::size_t calibration_folds = 2;
  FeatureOptions features;
  TrainOptions training;
  SpellingOptions spelling;
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
