// The safety screen's statistical second opinion: a softmax classifier over
// the intent model's features (stems, bigrams, character n-grams), trained
// from a knowledge base's labelled safety examples (safety_examples.jsonl)
// with every topic example as a message that raises nothing. It may add a
// category the rules missed, never remove one. Words a negation cue of the
// rules (safety.json) governs are features of their own: "not suicidal" and
// "suicidal" share nothing.
//
// Each category it may raise has a probability threshold chosen when it is
// built, by k-fold cross-validation over its training data: just above the
// highest held-out probability of any "none" text or topic example, so that
// none of them triggers it. Built once; immutable; check() is safe from any
// thread. Deterministic: the same base gives the same model.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "intents/features.h"
#include "intents/softmax_classifier.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::intents {

struct SafetyModelOptions {
  // The categories the model may raise; it learns them all, but these are
  // the ones it is trusted with.
  std::vector<std::string> categories = {"self_harm", "emergency"};
  std::size_t folds = 5;  // of the cross-validation choosing the thresholds
  // Added to the highest held-out probability of a "none" text: a margin
  // for the "none" texts to come.
  float margin = 0.05F;
  // A category whose threshold would exceed this is never raised: the
  // model cannot tell it from the quiet messages.
  float max_threshold = 0.97F;
  // A message with fewer content words than this is left to the rules: a
  // word or two ("blood", "goodbye", "i am done") says too little.
  std::size_t min_content_words = 3;
  bool mark_negation = true;  // words under a negation cue get features of their own
  // Tuned by the cross-validation alone (kb check prints its figures).
  FeatureOptions features{.word_share = 0.8F};
  TrainOptions training{.epochs = 40};
};

// What cross-validation found for one category the model may raise.
struct SafetyOperatingPoint {
  std::string category;
  float threshold = 1;        // probability at which the model raises it; > 1: never
  std::size_t support = 0;    // training examples of the category
  std::size_t caught = 0;     // ... whose held-out probability reached the threshold
  std::size_t quiet = 0;      // held-out texts of other categories and "none"
  std::size_t quiet_hit = 0;  // ... labelled another category that reached it
};

struct SafetyOpinion {
  std::string category;
  float probability = 0;
};

class SafetyModel {
 public:
  // nullptr when the base has no safety examples.
  static std::unique_ptr<const SafetyModel> Build(const knowledge::KnowledgeBase& kb,
                                                  const SafetyModelOptions& options = {});

  // The categories the model raises for `text`, most urgent first.
  std::vector<SafetyOpinion> check(std::string_view text) const;
  // The probability of every category (kSafetyCategories order), for tests and tuning.
  std::vector<float> probabilities(std::string_view text) const;
  const std::vector<SafetyOperatingPoint>& operating_points() const { return points_; }

  SafetyModel(const knowledge::KnowledgeBase& kb, const SafetyModelOptions& options);

 private:
  struct Cue {
    std::vector<std::string> words;
    bool breaks;  // a break ends a negation ("but") rather than opening one
  };
  std::vector<Term> terms(std::string_view text) const;
  bool says_enough(const std::vector<Term>& terms) const;
  void probabilities(std::string_view text, float* out) const;  // classes_ floats

  SafetyModelOptions options_;
  std::vector<Cue> cues_;                                                      // longest first
  std::unordered_map<std::string, std::vector<std::uint32_t>> cues_by_first_;  // into cues_
  std::size_t negation_reach_ = 0;
  std::size_t classes_ = 0;  // "none", then kSafetyCategories
  std::unique_ptr<FeatureSpace> space_;
  std::unique_ptr<SoftmaxClassifier> classifier_;
  std::vector<float> thresholds_;  // per class; > 1 for a class never raised
  std::vector<SafetyOperatingPoint> points_;
};

}  // namespace gutbot::intents
