#include "intents/word_scores.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "intents/analyzer.h"
#include "intents/features.h"
#include "intents/softmax_classifier.h"
#include "test_kb.h"

namespace gutbot::intents {
namespace {

// The small base's examples, analysed and vectorised, and a classifier
// trained on them: the pieces Model puts together, without Model's rules.
class WordScoresTest : public ::testing::Test {
 protected:
  WordScoresTest() : kb_(testing::SmallKnowledgeBase()), analyzer_(kb_) {
    std::vector<std::vector<RawFeature>> documents;
    std::vector<std::vector<Term>> texts;
    std::vector<std::uint32_t> labels;
    for (std::uint32_t topic = 0; topic < kb_.topics.size(); ++topic) {
      for (const std::string& example : kb_.topics[topic].examples) {
        texts.push_back(terms(example));
        ExtractFeatures(texts.back(), {}, documents.emplace_back());
        labels.push_back(topic);
      }
    }
    space_.emplace(documents, analyzer_.known_terms());
    TrainingSet data;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      data.inputs.push_back(flat(texts[i]));
      data.labels.push_back(labels[i]);
      data.weights.push_back(1.0F);
    }
    classifier_.emplace(SoftmaxClassifier::Train(data, kb_.topics.size(), space_->size(), {}));
    scores_.emplace(*space_, *classifier_);
  }

  std::vector<Term> terms(const std::string& text) {
    Analysis analysis;
    analyzer_.analyze(text, analysis);
    return analysis.terms;
  }
  SparseVector flat(const std::vector<Term>& terms) {
    MessageVector message;
    space_->vectorize(terms, scratch_, message);
    SparseVector out;
    space_->flatten(message, scratch_, out);
    return out;
  }

  knowledge::KnowledgeBase kb_;
  Analyzer analyzer_;
  VectorScratch scratch_;
  std::optional<FeatureSpace> space_;
  std::optional<SoftmaxClassifier> classifier_;
  std::optional<WordScores> scores_;
};

double Length(const SparseVector& v) {
  double sum = 0;
  for (const SparseEntry& e : v) sum += double(e.value) * e.value;
  return std::sqrt(sum);
}

TEST_F(WordScoresTest, KnownWordsScoredOnceGiveTheLogitsOfTheWholeVector) {
  const std::vector<std::string> messages = {
      "what is leaky gut",
      "leeky gut glutamin??",                       // corrected words
      "gut gut gut probiotics probiotics",          // repeated words
      "zxqv blorf leaky gut frobnicate",            // words no text had
      "does alcohol, beer or advil hurt my tummy",  // synonyms
      "the and of",                                 // stopwords only
      "",
  };
  const std::size_t classes = classifier_->classes();
  for (const std::string& text : messages) {
    const std::vector<Term> t = terms(text);
    MessageVector message;
    space_->vectorize(t, scratch_, message);
    std::vector<float> parts(classes);
    classifier_->logits(message.rest, parts.data());
    scores_->add(message, parts.data());

    std::vector<float> whole(classes);
    classifier_->logits(flat(t), whole.data());
    for (std::size_t c = 0; c < classes; ++c) {
      EXPECT_NEAR(parts[c], whole[c], 1e-4 * (1 + std::abs(whole[c]))) << text << ", class " << c;
    }
  }
}

TEST_F(WordScoresTest, TheFlatVectorAscendsAndHasUnitLengthWhenEveryFeatureIsKnown) {
  const SparseVector v = flat(terms("does glutamine help leaky gut"));  // an example, word for word
  ASSERT_FALSE(v.empty());
  for (std::size_t i = 1; i < v.size(); ++i) EXPECT_LT(v[i - 1].id, v[i].id);
  EXPECT_NEAR(Length(v), 1.0, 1e-5);
  // Unknown words lengthen the vector without adding features to it.
  EXPECT_LT(Length(flat(terms("does glutamine help leaky gut zxqv blorf"))), 0.99);
}

TEST_F(WordScoresTest, ARepeatedWordOnlyAddsItsBigram) {
  // Its character n-grams keep their share of the vector: a word said three
  // times is that word, with "probiotics probiotics" as a bigram besides.
  const auto chars = [&](const SparseVector& v) {
    SparseVector out;
    for (const SparseEntry& e : v) {
      if (space_->group(e.id) == FeatureGroup::kChar) out.push_back(e);
    }
    return out;
  };
  const SparseVector once = chars(flat(terms("probiotics")));
  const SparseVector thrice = chars(flat(terms("probiotics probiotics probiotics")));
  ASSERT_FALSE(once.empty());
  ASSERT_EQ(thrice.size(), once.size());
  for (std::size_t i = 0; i < once.size(); ++i) {
    EXPECT_EQ(thrice[i].id, once[i].id);
    EXPECT_NEAR(thrice[i].value, once[i].value, 1e-6);
  }
}

}  // namespace
}  // namespace gutbot::intents
