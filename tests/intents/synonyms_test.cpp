#include "intents/synonyms.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "intents/analyzer.h"
#include "test_kb.h"

namespace gutbot::intents {
namespace {

std::string Mapped(const Analyzer& analyzer, std::string_view text) {
  Analysis a;
  analyzer.analyze(text, a);
  std::string out;
  for (const Term& t : a.terms) out += (out.empty() ? "" : " ") + t.word + (t.synonym ? "*" : "");
  return out;
}

TEST(Synonyms, MapsSingleWordVariants) {
  const Analyzer analyzer(testing::SmallKnowledgeBase());
  EXPECT_EQ(Mapped(analyzer, "what about booze"), "what about alcohol*");
  EXPECT_EQ(Mapped(analyzer, "advil ok?"), "nsaid* ok");
  EXPECT_EQ(Mapped(analyzer, "my tummy"), "my stomach*");
}

TEST(Synonyms, MapsInflectedVariantsThroughStems) {
  const Analyzer analyzer(testing::SmallKnowledgeBase());
  EXPECT_EQ(Mapped(analyzer, "too many beers"), "too many alcohol*");
}

TEST(Synonyms, MapsMultiWordVariantsAndCanonicals) {
  const Analyzer analyzer(testing::SmallKnowledgeBase());
  EXPECT_EQ(Mapped(analyzer, "are pain killers bad"), "are nsaid* bad");
  EXPECT_EQ(Mapped(analyzer, "increased intestinal permeability"), "increased leaky* gut*");
}

TEST(Synonyms, MappedWordsSpanTheWholeVariant) {
  const Analyzer analyzer(testing::SmallKnowledgeBase());
  Analysis a;
  const std::string text = "Pain  Killers?";
  analyzer.analyze(text, a);
  ASSERT_EQ(a.terms.size(), 1U);
  EXPECT_EQ(text.substr(a.terms[0].start, a.terms[0].end - a.terms[0].start), "Pain  Killers");
}

TEST(Synonyms, AppliesAfterSpellingCorrection) {
  const Analyzer analyzer(testing::SmallKnowledgeBase());
  EXPECT_EQ(Mapped(analyzer, "ibuprofin"), "nsaid*");
}

TEST(Synonyms, LeavesOtherWordsAsTheyAre) {
  const Analyzer analyzer(testing::SmallKnowledgeBase());
  EXPECT_EQ(Mapped(analyzer, "wine tasting"), "alcohol* tasting");
  EXPECT_EQ(Mapped(analyzer, "killers"), "killers");
}

}  // namespace
}  // namespace gutbot::intents
