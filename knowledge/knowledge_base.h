// The knowledge a bot answers from: topics with short and detailed answers,
// their citations, follow-ups and training examples, plus the domain lexicon.
// Built once by LoadKnowledgeBase() and immutable afterwards, so one instance
// is safe to share read-only between threads (hold it by shared_ptr).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge/link.h"

namespace gutbot::knowledge {

// One answerable subject. Several topics may share an intent (one diet, one
// supplement, one body system under "diet", "supplements", "symptoms").
struct Topic {
  std::string id;      // unique, [a-z0-9_]+
  std::string intent;  // one of the contract's intent ids
  std::string title;   // short label for menus and "did you mean"
  std::string
      question;  // the FAQ's wording: what a visitor asks ("What causes leaky gut?"); optional
  std::string short_answer;              // two or three sentences
  std::string detail;                    // the "tell me more" answer
  std::vector<int> citations;            // the article's reference numbers
  std::vector<std::string> suggestions;  // follow-up questions offered as buttons
  std::vector<std::string> related;      // topic ids to move on to
  // The topics the answer lists, in its order: what "the second one" or
  // "which of those" points to. Empty when it lists none.
  std::vector<std::string> items;
  std::string instead;                // the topic "what can I use instead" leads to; may be empty
  std::vector<std::string> aliases;   // words that name it in a short follow-up ("stress?")
  std::vector<std::string> examples;  // training messages, written as visitors type
  // The facts the short answer must name, so that a first answer is never
  // vague: each entry must appear in `short_answer` (case-insensitive, whole
  // words); "diarrhea|diarrhoea" accepts either spelling.
  std::vector<std::string> must_mention;
  std::vector<std::string> companions;  // ids of Source::companions the answer points to
  std::string section;  // the id of the source's section it belongs to (KnowledgeBase::sections)
};

// A part of the source (an article's heading): the FAQ groups topics by it.
struct Section {
  std::string id;
  std::string title;
};

// The kinds of things the engine's dictionary tells apart
// (intents/data/thing_kinds.txt): "sauerkraut" is a food, "yoga" an exercise.
inline constexpr std::array<std::string_view, 4> kThingKinds = {"food", "drink", "supplement",
                                                                "exercise"};

// Words of the domain: canonical term -> the variants that mean it, and the
// entity types (body_system, symptom, food, supplement, medication,
// condition) with their values and surface forms.
struct Lexicon {
  std::map<std::string, std::vector<std::string>> synonyms;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> entities;
  // A kind of thing (kThingKinds) -> the topic that answers about things of
  // that kind the knowledge never mentions: asked about sauerkraut, a base
  // mapping "food" to its diet topic says it has nothing on sauerkraut and
  // gives what it says about diet.
  std::map<std::string, std::string> kinds;
  // Words of those kinds the engine's dictionary lacks ("kombucha", a drink).
  std::map<std::string, std::vector<std::string>> kind_words;
};

// A remark on some of the source's reference numbers, given with the sources
// of an answer that cites any of them (the article reuses numbers 4-8 for
// two different sets of studies).
struct ReferenceNote {
  std::vector<int> references;
  std::string note;
};

struct Source {
  std::string title;
  std::string author;
  std::string reviewer;
  std::string url;        // the source's address; may be empty
  int max_reference = 0;  // references are numbered 1..max_reference
  std::vector<ReferenceNote> reference_notes;
  std::map<std::string, Link>
      companions;  // id -> the source's companion pages it refers readers to
  // The source's full text, relative to the base's folder: `gutbot kb check`
  // proves the answers are in our own words against it. Optional.
  std::string text_file;
};

// Texts the engine needs that are not a topic's answer: welcome, disclaimer,
// clarification and fallback phrasing. Data, so another base can reword them.
struct Phrases {
  std::string welcome;
  std::vector<std::string> welcome_suggestions;
  std::string disclaimer;
  std::map<std::string, std::string> templates;  // name -> text with {placeholders}
  std::vector<std::string> menu;                 // topic ids offered as the topic menu
};

// `text` with each {name} replaced by values[name]; other braces are kept.
std::string FillPlaceholders(std::string text, const std::map<std::string, std::string>& values);

// A number with its unit that stands for a concept in a message ("39.8 C" is
// a high temperature, "dropped 6 kilos" a weight amount, "my 4 year old" a
// child). The number counts when min <= its whole part <= max.
struct SafetyQuantity {
  std::string concept_name;
  std::vector<std::string>
      units;  // one must follow the number (typed apart or joined: "103f"); empty: none needed
  std::vector<std::string>
      before;  // one must come right before it ("temp of 40"); empty: none needed
  double min = 0;
  double max = 0;
};

// Drops a concept's occurrences near another concept: a child named with an
// adult age ("my 30 year old son") is no child.
struct SafetyCancel {
  std::string by;       // the concept that cancels
  std::string cancels;  // the concept it cancels
  int before = 0;       // how many words before the cancelled occurrence `by` may start
  int after = 0;        // how many words after it
};

// The categories of the safety screen, most urgent first.
inline constexpr std::array<std::string_view, 6> kSafetyCategories = {
    "self_harm", "emergency", "medication", "see_doctor", "caution", "dose"};

// One safety rule: fires when one concept of every slot of `all` occurs,
// un-negated, within `window` words, and no `unless` concept is near.
struct SafetyRule {
  std::string name;
  std::string category;  // self_harm, emergency, medication, see_doctor, caution or dose
  std::string group;     // the at-risk group it names ("pregnancy", "child"...), or ""
  std::vector<std::vector<std::string>> all;  // each slot: any one of these concepts
  std::vector<std::string> unless;
  int window = 0;         // 0: SafetyRules::window
  int unless_window = 0;  // how far around the match `unless` reaches; 0: the window
};

// The safety screen's data (safety.json): which messages raise a health
// concern and what the bot says about it. Empty when a base has none.
struct SafetyRules {
  int window = 10;                           // default co-occurrence window, in words
  std::vector<std::string> negation_cues;    // "no", "never", "without"...
  std::vector<std::string> negation_breaks;  // "but", "although": a negation stops here
  int negation_reach = 3;                    // words after a cue it negates
  std::vector<std::string>
      unnegated;  // concepts no cue cancels ("no reason to live" is negative already)
  std::vector<std::string> keep_words;   // compared as typed, never stemmed ("kidding" is no "kid")
  std::size_t typo_min_length = 5;       // shorter words are never read as a typo of a concept word
  std::size_t typo_two_edit_length = 9;  // words this long may be two typos away
  // name -> words and phrases; "*prazole" stands for any unknown word ending so
  std::map<std::string, std::vector<std::string>> concepts;
  std::vector<SafetyQuantity> quantities;
  std::vector<SafetyCancel> cancels;
  std::vector<SafetyRule> rules;
  std::map<std::string, std::string> replies;      // category -> reply text
  std::map<std::string, std::string> group_notes;  // at-risk group -> note: who to ask
  // At-risk group -> topics whose advice is not given to it at all (fasting
  // to a visitor with an eating disorder): the note alone answers.
  std::map<std::string, std::vector<std::string>> withhold;
  std::string
      crisis_line;  // fills {crisis_line} in the self_harm reply; a deployment may override it
};

// A message labelled with the safety category it raises ("none" for none):
// the training data of the safety screen's statistical second opinion
// (safety_examples.jsonl, optional).
struct SafetyExample {
  std::string text;
  std::string safety;  // one of kSafetyCategories, or "none"
  // False for a look-alike written beside a rule pass to sit next to the
  // concerns ("goodbye everyone, last message before my holiday"): it trains
  // the model, but only everyday messages set its thresholds.
  bool calibrates = true;
};

class KnowledgeBase {
 public:
  std::string name;
  // What the base is about, as a visitor names it ("leaky gut"): with nothing
  // said before, a visitor's "it" means this. Optional.
  std::string subject;
  // The base's own intent ids (its subjects); the conversation intents
  // (greeting, more, sources, ...) belong to the engine and are not listed.
  std::vector<std::string> domain_intents;
  // Most words a domain topic's short answer may have (0: no limit): the
  // detail goes deeper, the first answer stays a chat bubble.
  int short_max_words = 0;
  Source source;
  // The source's sections in its order; when a base lists any, each domain
  // topic names one. Empty: the FAQ is one list.
  std::vector<Section> sections;
  Phrases phrases;
  Lexicon lexicon;
  SafetyRules safety;
  // Empty when the base has no safety_examples.jsonl: then the safety screen
  // has its rules alone.
  std::vector<SafetyExample> safety_examples;
  std::vector<Topic> topics;

  // nullptr when no topic has that id.
  const Topic* find(const std::string& topic_id) const;
  // The first topic of an intent (its overview), or nullptr.
  const Topic* first_of_intent(const std::string& intent) const;
  bool is_domain_intent(const std::string& intent) const;
  // Looks up a phrase template; empty when absent.
  const std::string& phrase(const std::string& name) const;

  // Builds the id index; called by the loader once topics are final.
  void index();

 private:
  // Looked up on every turn, several times: hashed, not ordered.
  std::unordered_map<std::string, size_t> by_id_;
  std::unordered_map<std::string, size_t> first_by_intent_;
};

}  // namespace gutbot::knowledge
