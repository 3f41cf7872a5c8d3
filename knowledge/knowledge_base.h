// The knowledge a bot answers from: topics with short and detailed answers,
// their citations, follow-ups and training examples, plus the domain lexicon.
// Built once by LoadKnowledgeBase() and immutable afterwards, so one instance
// is safe to share read-only between threads (hold it by shared_ptr).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace gutbot::knowledge {

// One answerable subject. Several topics may share an intent (one diet, one
// supplement, one body system under "diet", "supplements", "symptoms").
struct Topic {
  std::string id;                        // unique, [a-z0-9_]+
  std::string intent;                    // one of the contract's intent ids
  std::string title;                     // short label for menus and "did you mean"
  std::string short_answer;              // two or three sentences
  std::string detail;                    // the "tell me more" answer
  std::vector<int> citations;            // the article's reference numbers
  std::vector<std::string> suggestions;  // follow-up questions offered as buttons
  std::vector<std::string> related;      // topic ids to move on to
  std::vector<std::string> aliases;      // words that name it in a short follow-up ("stress?")
  std::vector<std::string> examples;     // training messages, written as visitors type
};

// Words of the domain: canonical term -> the variants that mean it, and the
// entity types (body_system, symptom, food, supplement, medication,
// condition) with their values and surface forms.
struct Lexicon {
  std::map<std::string, std::vector<std::string>> synonyms;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> entities;
  std::vector<std::string> red_flags;  // phrases that need prompt medical care
};

struct Source {
  std::string title;
  std::string author;
  std::string reviewer;
  int max_reference = 0;  // references are numbered 1..max_reference
};

// Texts the engine needs that are not a topic's answer: welcome, disclaimer,
// clarification and fallback phrasing. Data, so another base can reword them.
struct Phrases {
  std::string welcome;
  std::vector<std::string> welcome_suggestions;
  std::string disclaimer;
  std::map<std::string, std::string> templates;  // name -> text with {placeholders}
  std::vector<std::string> menu;                  // topic ids offered as the topic menu
};

class KnowledgeBase {
 public:
  std::string name;
  // The base's own intent ids (its subjects); the conversation intents
  // (greeting, more, sources, ...) belong to the engine and are not listed.
  std::vector<std::string> domain_intents;
  Source source;
  Phrases phrases;
  Lexicon lexicon;
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
