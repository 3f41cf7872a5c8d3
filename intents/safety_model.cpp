#include "intents/safety_model.h"

#include <algorithm>
#include <cctype>

#include "intents/hashing.h"
#include "intents/normalizer.h"
#include "intents/term.h"

namespace gutbot::intents {
namespace {

// The class of a label: 0 for "none", 1 + its index in kSafetyCategories.
std::uint32_t ClassOf(std::string_view label) {
  const auto& categories = knowledge::kSafetyCategories;
  const auto it = std::find(categories.begin(), categories.end(), label);
  return it == categories.end() ? 0 : static_cast<std::uint32_t>(it - categories.begin()) + 1;
}

// Whether punctuation between two terms ends a negation's scope ("no fever,
// but ..."; "not me. I want to die").
bool Pause(std::string_view text, const Term& before, const Term& after) {
  if (after.start <= before.end || after.start > text.size()) return false;
  const std::string_view gap = text.substr(before.end, after.start - before.end);
  return gap.find_first_of(".,!?;:\n") != std::string_view::npos;
}

// A negated word: upper case (a normalised word never is), so its unigram,
// bigrams and character n-grams are all its own.
void Negate(Term& term) {
  for (char& c : term.word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  term.stem = "!" + term.stem;
  term.stem_hash = HashString(term.stem);
}

}  // namespace

SafetyModel::SafetyModel(const knowledge::KnowledgeBase& kb, const SafetyModelOptions& options)
    : options_(options),
      negation_reach_(static_cast<std::size_t>(kb.safety.negation_reach)),
      classes_(knowledge::kSafetyCategories.size() + 1) {
  const auto add_cues = [this](const std::vector<std::string>& phrases, bool breaks) {
    for (const std::string& phrase : phrases) {
      Cue cue{{}, breaks};
      for (Token& token : Normalize(phrase)) cue.words.push_back(std::move(token.text));
      if (!cue.words.empty()) cues_.push_back(std::move(cue));
    }
  };
  add_cues(kb.safety.negation_cues, false);
  add_cues(kb.safety.negation_breaks, true);
  std::stable_sort(cues_.begin(), cues_.end(),
                   [](const Cue& a, const Cue& b) { return a.words.size() > b.words.size(); });
  for (std::size_t i = 0; i < cues_.size(); ++i)
    cues_by_first_[cues_[i].words.front()].push_back(static_cast<std::uint32_t>(i));

  // The training texts: the labelled examples, then every topic example as "none".
  std::vector<std::vector<Term>> texts;
  TrainingSet data;
  std::vector<bool> topic_example;
  std::vector<bool> calibrates;  // may set a threshold (SafetyExample::calibrates)
  const auto add = [&](const std::string& text, std::uint32_t label, bool from_topic,
                       bool calibrating) {
    texts.push_back(terms(text));
    data.labels.push_back(label);
    data.weights.push_back(1.0F);
    topic_example.push_back(from_topic);
    calibrates.push_back(calibrating);
  };
  for (const knowledge::SafetyExample& e : kb.safety_examples)
    add(e.text, ClassOf(e.safety), false, e.calibrates);
  for (const knowledge::Topic& topic : kb.topics) {
    for (const std::string& example : topic.examples) add(example, 0, true, true);
  }
  std::vector<std::vector<RawFeature>> raw(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i)
    ExtractFeatures(texts[i], options_.features, raw[i]);
  space_ = std::make_unique<FeatureSpace>(raw, std::vector<Term>{}, options_.features);
  VectorScratch scratch;
  MessageVector message;
  for (const std::vector<Term>& t : texts) {
    space_->vectorize(t, scratch, message);
    data.inputs.push_back(message.rest);  // no known words: the rest is the whole vector
  }

  // Held-out probabilities: each text scored by a model that never saw it.
  const std::vector<std::vector<float>> logits =
      CrossValidatedLogits(data, classes_, space_->size(), options_.folds, options_.training);
  std::vector<std::vector<float>> held_out(logits.size(), std::vector<float>(classes_));
  for (std::size_t i = 0; i < logits.size(); ++i) {
    Softmax(logits[i].data(), classes_, 1.0F, held_out[i].data());
    if (!says_enough(texts[i])) std::fill(held_out[i].begin() + 1, held_out[i].end(), 0.0F);
  }
  classifier_ = std::make_unique<SoftmaxClassifier>(
      SoftmaxClassifier::Train(data, classes_, space_->size(), options_.training));

  thresholds_.assign(classes_, 2.0F);
  std::vector<float> p(classes_);
  for (const std::string& category : options_.categories) {
    const std::uint32_t c = ClassOf(category);
    if (c == 0) continue;
    // No held-out "none" text, and no topic example even seen in training, may reach it.
    float highest = 0;
    for (std::size_t i = 0; i < data.labels.size(); ++i) {
      if (data.labels[i] != 0 || !calibrates[i]) continue;
      highest = std::max(highest, held_out[i][c]);
      if (topic_example[i] && says_enough(texts[i])) {
        classifier_->logits(data.inputs[i], p.data());
        Softmax(p.data(), classes_, 1.0F, p.data());
        highest = std::max(highest, p[c]);
      }
    }
    SafetyOperatingPoint point;
    point.category = category;
    point.threshold = highest + options_.margin;
    if (point.threshold > options_.max_threshold) point.threshold = 2.0F;
    for (std::size_t i = 0; i < data.labels.size(); ++i) {
      const bool reached = held_out[i][c] >= point.threshold;
      if (data.labels[i] == c) {
        ++point.support;
        point.caught += reached;
      } else {
        ++point.quiet;
        point.quiet_hit += reached;
      }
    }
    thresholds_[c] = point.threshold;
    points_.push_back(std::move(point));
  }
}

std::unique_ptr<const SafetyModel> SafetyModel::Build(const knowledge::KnowledgeBase& kb,
                                                      const SafetyModelOptions& options) {
  if (kb.safety_examples.empty()) return nullptr;
  return std::make_unique<const SafetyModel>(kb, options);
}

bool SafetyModel::says_enough(const std::vector<Term>& terms) const {
  const auto content = static_cast<std::size_t>(
      std::count_if(terms.begin(), terms.end(), [](const Term& t) { return !t.stopword; }));
  return content >= options_.min_content_words;
}

std::vector<Term> SafetyModel::terms(std::string_view text) const {
  std::vector<Term> out = PhraseTerms(text);
  if (!options_.mark_negation) return out;
  std::size_t negated_until = 0;
  for (std::size_t i = 0; i < out.size();) {
    if (i > 0 && Pause(text, out[i - 1], out[i])) negated_until = 0;
    const Cue* found = nullptr;
    if (const auto it = cues_by_first_.find(out[i].word); it != cues_by_first_.end()) {
      for (const std::uint32_t c : it->second) {  // longest first
        const Cue& cue = cues_[c];
        if (i + cue.words.size() > out.size()) continue;
        bool same = true;
        for (std::size_t k = 1; k < cue.words.size() && same; ++k)
          same = out[i + k].word == cue.words[k];
        if (same) {
          found = &cue;
          break;
        }
      }
    }
    if (found != nullptr) {
      // The cue's own words stay as typed; the words after it are negated.
      negated_until = found->breaks ? 0 : i + found->words.size() + negation_reach_;
      i += found->words.size();
      continue;
    }
    if (i < negated_until) Negate(out[i]);
    ++i;
  }
  return out;
}

void SafetyModel::probabilities(std::string_view text, float* out) const {
  thread_local VectorScratch scratch;
  thread_local MessageVector message;
  const std::vector<Term> t = terms(text);
  space_->vectorize(t, scratch, message);
  classifier_->logits(message.rest, out);
  Softmax(out, classes_, 1.0F, out);
  if (!says_enough(t)) std::fill(out + 1, out + classes_, 0.0F);
}

std::vector<float> SafetyModel::probabilities(std::string_view text) const {
  std::vector<float> p(classes_);
  probabilities(text, p.data());
  return {p.begin() + 1, p.end()};
}

std::vector<SafetyOpinion> SafetyModel::check(std::string_view text) const {
  std::vector<SafetyOpinion> opinions;
  if (points_.empty()) return opinions;
  float p[knowledge::kSafetyCategories.size() + 1];
  probabilities(text, p);
  for (std::size_t c = 1; c < classes_; ++c) {
    if (p[c] >= thresholds_[c])
      opinions.push_back({std::string(knowledge::kSafetyCategories[c - 1]), p[c]});
  }
  return opinions;
}

}  // namespace gutbot::intents
