// A small knowledge base built in code for the intents tests: a few domain
// topics, conversation topics, out-of-scope examples and a lexicon.
#pragma once

#include <string>
#include <vector>

#include "knowledge/knowledge_base.h"

namespace gutbot::intents::testing {

inline knowledge::Topic MakeTopic(std::string id, std::string intent, std::string title,
                                  std::vector<std::string> examples,
                                  std::vector<std::string> aliases = {}) {
  knowledge::Topic t;
  t.id = std::move(id);
  t.intent = std::move(intent);
  t.title = std::move(title);
  t.short_answer = "An answer.";
  t.aliases = std::move(aliases);
  t.examples = std::move(examples);
  return t;
}

inline knowledge::KnowledgeBase SmallKnowledgeBase() {
  knowledge::KnowledgeBase kb;
  kb.name = "test";
  kb.domain_intents = {"what_is_leaky_gut", "cause_alcohol_nsaids", "supplements", "healing_time",
                       "symptoms"};
  kb.topics = {
      MakeTopic(
          "what_is_leaky_gut", "what_is_leaky_gut", "What leaky gut is",
          {"what is leaky gut", "whats leaky gut", "define leaky gut", "leaky gut meaning",
           "explain intestinal permeability", "what does leaky gut mean",
           "is leaky gut the same as intestinal permeability", "what is a leaky gut exactly"}),
      MakeTopic("cause_alcohol_nsaids", "cause_alcohol_nsaids", "Alcohol and NSAIDs",
                {"does alcohol cause leaky gut", "can nsaids damage the gut lining",
                 "is drinking alcohol bad for my gut", "do painkillers hurt the gut",
                 "nsaid use and gut permeability", "alcohol and leaky gut",
                 "can aspirin cause leaky gut", "is alcohol harming my intestines"},
                {"alcohol", "nsaids"}),
      MakeTopic("supplement_probiotics", "supplements", "Probiotics",
                {"should i take probiotics", "are probiotics good for leaky gut",
                 "which probiotic helps the gut", "do probiotics heal the gut lining",
                 "probiotics for leaky gut", "best probiotic for intestinal permeability",
                 "will a probiotic help my gut", "probiotic supplements and gut health"},
                {"probiotics"}),
      MakeTopic("supplement_glutamine", "supplements", "L-glutamine",
                {"does glutamine help leaky gut", "l glutamine for the gut lining",
                 "should i take glutamine", "glutamine supplement gut repair",
                 "is glutamine good for intestinal permeability", "glutamine powder for my gut",
                 "what does l-glutamine do for the gut", "glutamine and leaky gut"},
                {"glutamine"}),
      MakeTopic("healing_time", "healing_time", "How long healing takes",
                {"how long does leaky gut take to heal", "how long until my gut heals",
                 "how many weeks to fix leaky gut", "how long to repair the gut lining",
                 "when will my gut be healed", "how much time does healing the gut take",
                 "how long before leaky gut gets better", "healing time for leaky gut"}),
      MakeTopic("symptoms_skin", "symptoms", "Skin symptoms",
                {"can leaky gut cause acne", "is my eczema from leaky gut",
                 "skin rash and leaky gut", "does leaky gut show on the skin",
                 "leaky gut and skin problems", "can my gut cause rashes",
                 "psoriasis and intestinal permeability", "acne from a leaky gut"},
                {"skin"}),
      MakeTopic(
          "greeting", "greeting", "Hello",
          {"hi", "hello", "hey there", "good morning", "hiya", "hello bot", "hey", "hi there"}),
      MakeTopic("thanks", "thanks", "Thanks",
                {"thanks", "thank you", "thanks a lot", "cheers", "thank you so much", "ty",
                 "many thanks", "great thanks"}),
      MakeTopic("out_of_scope", "out_of_scope", "Out of scope",
                {"what is the capital of france", "tell me a joke", "how do i fix my car",
                 "who won the football match", "what is the weather tomorrow",
                 "recommend a good movie", "how do i bake bread", "what time is it in tokyo",
                 "how do i reset my password", "book me a flight to paris",
                 "what is the price of bitcoin", "write me a poem about the sea"}),
  };
  kb.lexicon.synonyms = {
      {"alcohol", {"booze", "beer", "wine"}},
      {"nsaid", {"advil", "ibuprofen", "pain killers"}},
      {"stomach", {"tummy", "belly"}},
      {"leaky gut", {"intestinal permeability"}},
  };
  kb.lexicon.entities = {
      {"body_system", {{"skin", {"skin", "acne", "rash"}}}},
      {"condition", {{"leaky gut", {"leaky gut", "intestinal permeability"}}}},
      {"medication", {{"nsaid", {"advil", "ibuprofen", "pain killers"}}}},
      {"supplement",
       {{"l-glutamine", {"l-glutamine", "glutamine"}}, {"probiotics", {"probiotic"}}}},
      {"symptom", {{"bloating", {"bloated", "bloating"}}, {"skin rash", {"skin rash"}}}},
  };
  return kb;
}

}  // namespace gutbot::intents::testing
