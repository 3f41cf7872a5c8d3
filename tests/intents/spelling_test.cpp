#include "intents/spelling.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "intents/word_lists.h"

namespace gutbot::intents {
namespace {

SpellingCorrector Corrector() {
  const std::map<std::string, int> vocabulary = {
      {"leaky", 40},       {"gut", 90},     {"glutamine", 12}, {"probiotics", 15},
      {"zonulin", 10},     {"bloating", 8}, {"heart", 3},      {"antibiotics", 9},
      {"permeability", 7}, {"bleeding", 2}, {"breeding", 1}};
  return SpellingCorrector(vocabulary, CommonWords());
}

TEST(Spelling, CorrectsOneEdit) {
  const SpellingCorrector speller = Corrector();
  EXPECT_EQ(speller.correct("leeky"), "leaky");         // substitution
  EXPECT_EQ(speller.correct("glutamin"), "glutamine");  // deletion
  EXPECT_EQ(speller.correct("zonnulin"), "zonulin");    // insertion
  EXPECT_EQ(speller.correct("bloaitng"), "bloating");   // transposition
}

TEST(Spelling, CorrectsTwoEditsInLongerWordsOnly) {
  const SpellingCorrector speller = Corrector();
  EXPECT_EQ(speller.correct("probiotcs"), "probiotics");
  EXPECT_EQ(speller.correct("antibotiks"), "antibiotics");
  EXPECT_EQ(speller.correct("permiabilty"), "permeability");
  EXPECT_EQ(speller.correct("laeky"), "leaky");  // one transposition
  EXPECT_EQ(speller.correct("zonlun"), "");      // short: two edits is too far
}

TEST(Spelling, LeavesKnownWordsAlone) {
  const SpellingCorrector speller = Corrector();
  EXPECT_TRUE(speller.known("heard"));  // a common word, one edit from "heart"
  EXPECT_EQ(speller.correct("heard"), "");
  EXPECT_EQ(speller.correct("piano"), "");
  EXPECT_EQ(speller.correct("pianos"), "");  // known through its stem
  EXPECT_EQ(speller.correct("heart"), "");   // in the vocabulary itself
  EXPECT_EQ(speller.correct("gut"), "");
}

TEST(Spelling, LeavesShortNumericAndForeignWordsAlone) {
  const SpellingCorrector speller = Corrector();
  EXPECT_EQ(speller.correct("gt"), "");
  EXPECT_EQ(speller.correct("guts2"), "");
  EXPECT_EQ(speller.correct("caf\xC3\xA9s"), "");
}

TEST(Spelling, TiesGoToTheMoreFrequentWord) {
  const SpellingCorrector speller = Corrector();
  // "bxeeding" is one substitution from both "bleeding" (2) and "breeding" (1).
  EXPECT_EQ(speller.correct("bxeeding"), "bleeding");
}

TEST(Spelling, UnrelatedWordsAreNotForcedOntoTheVocabulary) {
  const SpellingCorrector speller = Corrector();
  EXPECT_EQ(speller.correct("xylophonist"), "");
  EXPECT_EQ(speller.correct("qwrtzp"), "");
}

}  // namespace
}  // namespace gutbot::intents
