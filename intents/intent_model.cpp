#include "intents/intent_model.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "intents/analyzer.h"
#include "intents/domain_scope.h"
#include "intents/entities.h"
#include "intents/features.h"
#include "intents/intent_ids.h"
#include "intents/phrase_matcher.h"
#include "intents/softmax_classifier.h"
#include "intents/word_roles.h"
#include "intents/word_scores.h"

namespace gutbot::intents {
namespace {

constexpr std::size_t kMaxAlternatives = 3;
constexpr std::size_t kMaxTopics = 8;

// The indices of the `head` highest scores, best first; ties go to the lower
// index, so rankings are deterministic. Insertion into a short list: `head`
// is small and most scores lose at the first comparison.
void Rank(const std::vector<float>& scores, std::size_t head, std::vector<std::uint32_t>& out) {
  const std::size_t full = std::min(head, scores.size());
  out.resize(full);
  if (full == 0) return;
  std::uint32_t* list = out.data();
  std::size_t size = 0;
  float last = 0;  // the score of list[full - 1] once the list is full
  for (std::uint32_t i = 0; i < scores.size(); ++i) {
    const float score = scores[i];
    if (size == full && !(score > last)) continue;
    std::size_t k = size < full ? size++ : full - 1;
    for (; k > 0 && scores[list[k - 1]] < score; --k) list[k] = list[k - 1];
    list[k] = i;
    if (size == full) last = scores[list[full - 1]];
  }
}

// Per-thread buffers, so a classification allocates next to nothing once warm.
struct Scratch {
  Analysis analysis;
  VectorScratch features;
  MessageVector message;
  std::vector<float> logits;
  std::vector<float> topic_probs;
  std::vector<float> intent_probs;
  std::vector<std::uint32_t> order;   // intents, best first
  std::vector<std::uint32_t> ranked;  // topics, best first
  std::vector<std::uint32_t> named;   // topics named by an alias
};

class Model final : public IntentModel {
 public:
  Model(const knowledge::KnowledgeBase& kb, const ModelOptions& options);

  Prediction classify(std::string_view text) const override;
  std::string explain(std::string_view text) const override;

 private:
  // Every training text analysed, with its features and label.
  struct Examples {
    TrainingSet data;                          // inputs filled by train()
    std::vector<std::vector<RawFeature>> raw;  // per example
    std::vector<std::vector<Term>> terms;      // per example
  };

  std::uint32_t intent_index(const std::string& intent);
  bool is_domain_intent(const std::string& intent) const;
  // The build, in order: topics and examples, their weights, the classifier
  // (with its temperature), the domain vocabulary.
  Examples collect(const knowledge::KnowledgeBase& kb);
  void balance(TrainingSet& data) const;
  void train(Examples& examples);
  void learn_scope(const knowledge::KnowledgeBase& kb, const Examples& examples);
  // Runs the whole pipeline; fills `s` and `out` (everything but entities),
  // in the steps below, in order.
  void predict(std::string_view text, Scratch& s, Prediction& out) const;
  // Analyses `text` and fills `s` with its topics' and intents'
  // probabilities and the intents best first.
  void score(std::string_view text, Scratch& s) const;
  // Sets out's coverage, out_of_scope_words, foreign_words and in_domain;
  // whether the message names the base's subject.
  bool place(const Scratch& s, Prediction& out) const;
  // Sets out's named_topics: the topics whose aliases the message uses.
  void find_named_topics(Scratch& s, Prediction& out) const;
  // Sets out's gibberish, intent and confidence; the chosen intent's index.
  std::uint32_t choose(const Scratch& s, bool names_subject, Prediction& out) const;
  // Sets out's alternatives, topic and topics.
  void rank(Scratch& s, std::uint32_t chosen, Prediction& out) const;

  ModelOptions options_;
  std::vector<std::string> domain_intents_;  // the base's subjects, as opposed to conversation
  Analyzer analyzer_;
  // Per topic (class of the classifier): its id, and its intent as an index
  // into intents_; apart, so the loops over topics' intents read 4 bytes each.
  std::vector<std::string> topic_ids_;
  std::vector<std::uint32_t> topic_intents_;
  std::vector<std::string> intents_;
  std::vector<bool> intent_is_domain_;
  std::uint32_t out_of_scope_ = 0;  // index of out_of_scope in intents_
  // Conversation intents that mean something only in their own words: a
  // message with words foreign to them is not one of them. Indexed by intent.
  enum class OwnWords : std::uint8_t {
    kAny,         // greeting, thanks...: "hi, I'm Sam" is a greeting
    kWithDomain,  // affirm, deny, bot_identity: their words or the domain's
    kOnly,        // sources, more, help: "where does coffee come from" is no sources
  };
  std::vector<OwnWords> own_words_;
  std::size_t out_of_scope_topics_ = 0;  // topics whose intent is out_of_scope
  std::optional<FeatureSpace> space_;
  std::optional<SoftmaxClassifier> classifier_;
  std::optional<WordScores> word_scores_;
  float temperature_ = 1.0F;
  DomainScope scope_;
  WordRoles roles_;
  EntityMatcher entities_;
  PhraseMatcher subject_;                  // the base's subject ("leaky gut")
  PhraseMatcher aliases_;                  // payload: index into alias_topics_
  std::vector<std::string> alias_topics_;  // topic ids in knowledge-base order
};

bool Model::is_domain_intent(const std::string& intent) const {
  return std::find(domain_intents_.begin(), domain_intents_.end(), intent) != domain_intents_.end();
}

std::uint32_t Model::intent_index(const std::string& intent) {
  auto it = std::find(intents_.begin(), intents_.end(), intent);
  if (it != intents_.end()) return static_cast<std::uint32_t>(it - intents_.begin());
  intents_.push_back(intent);
  intent_is_domain_.push_back(is_domain_intent(intent));
  return static_cast<std::uint32_t>(intents_.size() - 1);
}

Model::Examples Model::collect(const knowledge::KnowledgeBase& kb) {
  Examples examples;
  Analysis analysis;
  const auto add = [&](const std::string& text, std::uint32_t topic, float weight) {
    analyzer_.analyze(text, analysis);
    if (analysis.terms.empty()) return;
    examples.raw.emplace_back();
    ExtractFeatures(analysis.terms, options_.features, examples.raw.back());
    examples.terms.push_back(analysis.terms);
    examples.data.labels.push_back(topic);
    examples.data.weights.push_back(weight);
  };
  for (const knowledge::Topic& topic : kb.topics) {
    if (topic.examples.empty()) continue;  // never predicted: the engine reaches it itself
    const auto index = static_cast<std::uint32_t>(topic_ids_.size());
    topic_ids_.push_back(topic.id);
    topic_intents_.push_back(intent_index(topic.intent));
    out_of_scope_topics_ += topic_intents_.back() == out_of_scope_;
    for (const std::string& example : topic.examples) add(example, index, 1.0F);
    if (topic.intent == kOutOfScope) continue;  // its title and aliases name no subject
    add(topic.title, index, options_.title_weight);
    for (const std::string& alias : topic.aliases) add(alias, index, options_.alias_weight);
  }
  return examples;
}

// Topics have different numbers of examples (out_of_scope has many) and
// intents different numbers of topics; evened out, neither becomes the
// default answer.
void Model::balance(TrainingSet& data) const {
  std::vector<double> per_topic(topic_ids_.size(), 0.0);
  std::vector<double> topics_of_intent(intents_.size(), 0.0);
  for (const std::uint32_t intent : topic_intents_) topics_of_intent[intent] += 1;
  for (std::size_t i = 0; i < data.labels.size(); ++i) per_topic[data.labels[i]] += data.weights[i];
  const double mean =
      std::accumulate(per_topic.begin(), per_topic.end(), 0.0) / double(per_topic.size());
  for (std::size_t i = 0; i < data.labels.size(); ++i) {
    const std::uint32_t topic = data.labels[i];
    data.weights[i] *= static_cast<float>(
        std::pow(mean / per_topic[topic], options_.topic_balance) *
        std::pow(topics_of_intent[topic_intents_[topic]], -options_.intent_balance));
  }
}

void Model::train(Examples& examples) {
  TrainingSet& data = examples.data;
  space_.emplace(examples.raw, analyzer_.known_terms(), options_.features);
  VectorScratch scratch;
  MessageVector message;
  for (const std::vector<Term>& terms : examples.terms) {
    space_->vectorize(terms, scratch, message);
    space_->flatten(message, scratch, data.inputs.emplace_back());
  }
  const std::size_t classes = topic_ids_.size();
  if (classes > 1 && options_.calibration_folds > 1) {
    temperature_ =
        FitTemperature(CrossValidatedLogits(data, classes, space_->size(),
                                            options_.calibration_folds, options_.training),
                       data.labels, topic_intents_);
  }
  classifier_.emplace(SoftmaxClassifier::Train(data, classes, space_->size(), options_.training));
  word_scores_.emplace(*space_, *classifier_);
}

// Domain vocabulary: the domain topics' texts and the lexicon; the
// out_of_scope examples on the other side. Conversation texts ("hello")
// are neither.
void Model::learn_scope(const knowledge::KnowledgeBase& kb, const Examples& examples) {
  for (std::size_t i = 0; i < examples.terms.size(); ++i) {
    const std::uint32_t intent = topic_intents_[examples.data.labels[i]];
    if (intent == out_of_scope_)
      scope_.add(examples.terms[i], false);
    else if (intent_is_domain_[intent])
      scope_.add(examples.terms[i], true);
    roles_.add_example(examples.terms[i], intent, intent_is_domain_[intent]);
  }
  // What the knowledge says (answers, suggestions, the lexicon) is domain
  // language, and what a partial answer may not claim is missing from it.
  const auto content = [&](const std::string& text) {
    const std::vector<Term> terms = PhraseTerms(text);
    scope_.add(terms, true);
    roles_.add_content(terms);
  };
  for (const knowledge::Topic& topic : kb.topics) {
    if (!is_domain_intent(topic.intent)) continue;
    content(topic.title);
    content(topic.short_answer);
    content(topic.detail);
    for (const std::string& suggestion : topic.suggestions) content(suggestion);
  }
  for (const auto& [canonical, variants] : kb.lexicon.synonyms) {
    content(canonical);
    for (const std::string& variant : variants) content(variant);
  }
  for (const auto& [type, values] : kb.lexicon.entities) {
    for (const auto& [value, forms] : values) {
      for (const std::string& form : forms) content(form);
    }
  }
  roles_.add_kind_topics(kb.lexicon);
  scope_.finish();
}

Model::Model(const knowledge::KnowledgeBase& kb, const ModelOptions& options)
    : options_(options),
      domain_intents_(kb.domain_intents),
      analyzer_(kb, options.spelling),
      scope_(options.out_of_scope_word_weight),
      entities_(kb.lexicon.entities) {
  // A base that declares no intents of its own is the contract's leaky-gut base.
  if (domain_intents_.empty()) domain_intents_.assign(kDomainIntents.begin(), kDomainIntents.end());
  out_of_scope_ = intent_index(std::string(kOutOfScope));
  for (const auto& [intent, words] : {std::pair{"affirm", OwnWords::kWithDomain},
                                      {"deny", OwnWords::kWithDomain},
                                      {"bot_identity", OwnWords::kWithDomain},
                                      {"sources", OwnWords::kOnly},
                                      {"more", OwnWords::kOnly},
                                      {"help", OwnWords::kOnly}}) {
    const std::uint32_t i = intent_index(intent);
    own_words_.resize(std::max<std::size_t>(own_words_.size(), i + 1), OwnWords::kAny);
    own_words_[i] = words;
  }

  Examples examples = collect(kb);
  balance(examples.data);
  train(examples);
  learn_scope(kb, examples);
  if (!kb.subject.empty()) subject_.add(PhraseTerms(kb.subject), 0);
  subject_.finish();
  for (const auto& topic : kb.topics) {
    const auto index = static_cast<std::uint32_t>(alias_topics_.size());
    alias_topics_.push_back(topic.id);
    for (const std::string& alias : topic.aliases) aliases_.add(PhraseTerms(alias), index);
  }
  aliases_.finish();
}

void Model::predict(std::string_view text, Scratch& s, Prediction& out) const {
  score(text, s);
  const bool names_subject = place(s, out);
  find_named_topics(s, out);
  const std::uint32_t chosen = choose(s, names_subject, out);
  rank(s, chosen, out);
}

void Model::score(std::string_view text, Scratch& s) const {
  analyzer_.analyze(text, s.analysis);
  space_->vectorize(s.analysis.terms, s.features, s.message);

  const std::size_t classes = topic_ids_.size();
  s.logits.resize(classes);
  s.topic_probs.resize(classes);
  s.intent_probs.assign(intents_.size(), 0.0F);
  if (classes > 0) {
    classifier_->logits(s.message.rest, s.logits.data());
    word_scores_->add(s.message, s.logits.data());
    Softmax(s.logits.data(), classes, temperature_, s.topic_probs.data());
  }
  for (std::size_t t = 0; t < classes; ++t) s.intent_probs[topic_intents_[t]] += s.topic_probs[t];

  // Only the head of each ranking is ever read.
  Rank(s.intent_probs, kMaxAlternatives + 2, s.order);
}

bool Model::place(const Scratch& s, Prediction& out) const {
  const Coverage coverage = scope_.coverage(s.analysis.terms);
  out.coverage = coverage.share;
  // A message that names the subject is about it, whatever else it names
  // ("berberine for leaky gut"), unless it names what only out-of-scope
  // questions do ("can my dog get leaky gut").
  out.out_of_scope_words = roles_.only_in(s.analysis.terms, out_of_scope_);
  bool names_subject = out.out_of_scope_words == 0;
  bool named = false;
  for (std::size_t i = 0; i < s.analysis.terms.size() && !named && !subject_.empty(); ++i) {
    named = subject_.longest_at(s.analysis.terms, i).length > 0;
  }
  names_subject = names_subject && named;
  // Words no domain example uses ("architect", "tyres") are evidence
  // against, however domain-like the rest ("how long does it take to ...").
  out.foreign_words = roles_.foreign_to_domain(s.analysis.terms);
  const bool foreign =
      coverage.content_terms > 0 &&
      double(out.foreign_words) >= options_.max_foreign_share * double(coverage.content_terms);
  out.in_domain =
      names_subject || (!foreign && (coverage.share >= options_.min_coverage ||
                                     coverage.domain_terms >= options_.min_domain_words));
  return names_subject;
}

void Model::find_named_topics(Scratch& s, Prediction& out) const {
  // Aliases are looked for both as typed and after the lexicon's synonyms
  // (when a synonym replaced any words: otherwise both are the same).
  s.named.clear();
  const auto find_aliases = [&](const std::vector<Term>& terms) {
    for (std::size_t i = 0; i < terms.size() && !aliases_.empty(); ++i) {
      for (std::uint32_t t : aliases_.longest_at(terms, i).payloads) s.named.push_back(t);
    }
  };
  find_aliases(s.analysis.surface);
  if (std::any_of(s.analysis.terms.begin(), s.analysis.terms.end(),
                  [](const Term& t) { return t.synonym; })) {
    find_aliases(s.analysis.terms);
  }
  std::sort(s.named.begin(), s.named.end());
  s.named.erase(std::unique(s.named.begin(), s.named.end()), s.named.end());
  out.named_topics.clear();
  for (std::uint32_t t : s.named) out.named_topics.push_back(alias_topics_[t]);
}

std::uint32_t Model::choose(const Scratch& s, bool names_subject, Prediction& out) const {
  const std::uint32_t best = s.order.front();
  const double best_p = s.intent_probs[best];
  std::uint32_t chosen = best;
  double confidence = best_p;
  out.gibberish = WordRoles::Gibberish(s.analysis);
  if (out.gibberish) {
    chosen = out_of_scope_;
    confidence = 1;
  } else if (names_subject && (!intent_is_domain_[best] || best_p < options_.reject_threshold)) {
    // In a base about one subject, a question that names it is never out of
    // scope: at worst the nearest topic answers part of it.
    for (const std::uint32_t i : s.order) {
      if (intent_is_domain_[i]) {
        chosen = i;
        confidence = s.intent_probs[i];
        break;
      }
    }
  } else if (best == out_of_scope_ || best_p < options_.reject_threshold ||
             (intent_is_domain_[best] && !out.in_domain)) {
    // Sure of a rejection as far as the strongest reason for it goes.
    chosen = out_of_scope_;
    confidence = std::max({double(s.intent_probs[out_of_scope_]), 1.0 - best_p,
                           intent_is_domain_[best] && !out.in_domain ? 1.0 - out.coverage : 0.0});
  } else if (best < own_words_.size() && own_words_[best] != OwnWords::kAny &&
             roles_.foreign_terms(s.analysis.terms, best,
                                  own_words_[best] == OwnWords::kWithDomain) >
                 options_.max_foreign_words) {
    chosen = out_of_scope_;
    confidence = std::max(double(s.intent_probs[out_of_scope_]), best_p);
  }
  out.intent = intents_[chosen];
  out.confidence = confidence;
  return chosen;
}

void Model::rank(Scratch& s, std::uint32_t chosen, Prediction& out) const {
  out.alternatives.clear();
  out.alternatives.reserve(kMaxAlternatives);
  for (const std::uint32_t i : s.order) {
    if (out.alternatives.size() == kMaxAlternatives) break;
    if (i == chosen || i == out_of_scope_) continue;
    out.alternatives.push_back({intents_[i], s.intent_probs[i]});
  }

  const std::size_t classes = topic_ids_.size();
  out.topic.clear();
  if (chosen != out_of_scope_) {
    std::int64_t best_topic = -1;
    for (std::size_t t = 0; t < classes; ++t) {
      if (topic_intents_[t] == chosen &&
          (best_topic < 0 || s.topic_probs[t] > s.topic_probs[best_topic])) {
        best_topic = static_cast<std::int64_t>(t);
      }
    }
    if (best_topic >= 0) out.topic = topic_ids_[static_cast<std::size_t>(best_topic)];
  }
  out.topics.clear();
  out.topics.reserve(kMaxTopics);
  Rank(s.topic_probs, kMaxTopics + out_of_scope_topics_, s.ranked);
  for (const std::uint32_t t : s.ranked) {
    if (topic_intents_[t] != out_of_scope_ && out.topics.size() < kMaxTopics) {
      out.topics.push_back({topic_ids_[t], s.topic_probs[t]});
    }
  }
}

Prediction Model::classify(std::string_view text) const {
  thread_local Scratch scratch;
  Prediction prediction;
  predict(text, scratch, prediction);
  entities_.find(scratch.analysis.surface, prediction.entities);
  const WordRoles::Spans things = roles_.things(scratch.analysis);
  roles_.unmentioned(scratch.analysis, things, prediction.unmentioned);
  const WordRoles::Thing thing = roles_.thing_topic(scratch.analysis, things, out_of_scope_);
  prediction.thing_topic = thing.topic;
  prediction.thing_alone = thing.alone;
  prediction.words.reserve(scratch.analysis.tokens.size());
  for (const Token& token : scratch.analysis.tokens) prediction.words.push_back(token.text);
  return prediction;
}

std::string Model::explain(std::string_view text) const {
  Scratch s;
  Prediction p;
  predict(text, s, p);
  std::ostringstream out;
  out.precision(3);
  out << "terms:";
  for (std::size_t i = 0; i < s.analysis.surface.size(); ++i) {
    const Term& term = s.analysis.surface[i];
    out << ' ' << term.word << '/' << term.stem;
    if (term.corrected) out << "(typed " << s.analysis.tokens[i].text << ')';
  }
  out << "\nafter synonyms:";
  for (const Term& term : s.analysis.terms) out << ' ' << term.word << (term.synonym ? "*" : "");
  out << "\ncoverage: " << p.coverage << (p.in_domain ? " (in domain)" : " (not in domain)")
      << (p.gibberish ? ", gibberish" : "") << "\nintent: " << p.intent << ' ' << p.confidence
      << "\ntopics:";
  for (const Scored& t : p.topics) out << ' ' << t.id << ' ' << t.confidence;

  // Which features pushed the best topic up: value x weight, strongest first.
  std::vector<RawFeature> raw;
  std::vector<std::string> names;
  ExtractFeatures(s.analysis.terms, options_.features, raw, &names);
  std::unordered_map<std::uint64_t, std::string> name_of;
  for (std::size_t i = 0; i < raw.size(); ++i) name_of.emplace(raw[i].hash, names[i]);
  const auto best_topic = static_cast<std::uint32_t>(
      std::max_element(s.topic_probs.begin(), s.topic_probs.end()) - s.topic_probs.begin());
  SparseVector vector;
  space_->flatten(s.message, s.features, vector);
  std::vector<std::pair<float, std::string>> contributions;
  for (const RawFeature& f : raw) {
    const std::int64_t id = space_->find(f.hash);
    if (id < 0) continue;
    const auto at = std::find_if(vector.begin(), vector.end(),
                                 [&](const SparseEntry& e) { return e.id == id; });
    if (at == vector.end()) continue;
    const float c = at->value * classifier_->weight(static_cast<std::uint32_t>(id), best_topic);
    contributions.emplace_back(c, name_of[f.hash]);
  }
  std::sort(contributions.begin(), contributions.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  contributions.erase(std::unique(contributions.begin(), contributions.end()), contributions.end());
  if (!topic_ids_.empty()) out << "\nfeatures for " << topic_ids_[best_topic] << ':';
  for (std::size_t i = 0; i < contributions.size() && i < 12; ++i) {
    out << ' ' << contributions[i].second << '=' << contributions[i].first;
  }
  out << '\n';
  return out.str();
}

}  // namespace

std::shared_ptr<const IntentModel> IntentModel::Build(const knowledge::KnowledgeBase& kb,
                                                      const ModelOptions& options) {
  return std::make_shared<const Model>(kb, options);
}

}  // namespace gutbot::intents
