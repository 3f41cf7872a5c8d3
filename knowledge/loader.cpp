#include "knowledge/loader.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "knowledge/content_checks.h"
#include "knowledge/located_json.h"

namespace gutbot::knowledge {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// An address a reply may link to: empty (not set) or an http(s) URL.
bool ValidUrl(const std::string& url) {
  const bool scheme = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  return url.empty() || (scheme && std::none_of(url.begin(), url.end(), [](unsigned char c) {
                           return c <= ' ' || c == '"' || c == '<' || c == '>' || c >= 0x7f;
                         }));
}

bool ValidTopicId(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The pointer to `key` inside the value at `parent`: a key may hold "~" or
// "/", which a pointer must escape.
std::string Child(const std::string& parent, const std::string& key) {
  return (json::json_pointer(parent) / key).to_string();
}

// Reads typed fields out of one parsed file, reporting each problem with the
// line of the value (or of its parent object when the field is missing).
class FileReader {
 public:
  FileReader(std::string file, std::vector<Problem>& problems)
      : file_(std::move(file)), problems_(problems) {}

  // Parses the file's text; false (with a problem recorded) when it cannot.
  bool parse(std::string_view text) {
    JsonParseError error;
    if (ParseLocatedJson(text, doc_, error)) return true;
    problems_.push_back({file_, error.line, error.message});
    return false;
  }

  const json& root() const { return doc_.value; }

  void report(const std::string& pointer, const std::string& message) {
    problems_.push_back({file_, pointer.empty() ? 0 : doc_.line_of(pointer), message});
  }

  // The object at `pointer`, or null (reported) when it is not an object.
  const json* object(const std::string& pointer, const std::string& what) {
    const json& v = at(pointer);
    if (v.is_object()) return &v;
    report(pointer, what + " must be an object");
    return nullptr;
  }

  std::string string(const std::string& pointer, const std::string& what, bool required) {
    const json& v = at(pointer);
    if (v.is_string() && !v.get_ref<const std::string&>().empty()) return v.get<std::string>();
    if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) {
      if (required) report(pointer, "missing " + what);
    } else {
      report(pointer, what + " must be a string");
    }
    return {};
  }

  std::vector<std::string> strings(const std::string& pointer, const std::string& what) {
    std::vector<std::string> out;
    const json& v = at(pointer);
    if (v.is_null()) return out;
    if (!v.is_array()) return report(pointer, what + " must be a list of strings"), out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_string() && !v[i].get_ref<const std::string&>().empty()) {
        out.push_back(v[i].get<std::string>());
      } else {
        report(pointer + "/" + std::to_string(i), what + " must hold non-empty strings");
      }
    }
    return out;
  }

  // A whole number in [min, max] at `pointer`, or `fallback` when absent (or reported when wrong).
  int integer(const std::string& pointer, const std::string& what, int min, int max, int fallback) {
    const json& v = at(pointer);
    if (v.is_null()) return fallback;
    if (v.is_number_integer() && v.get<long long>() >= min && v.get<long long>() <= max)
      return v.get<int>();
    report(pointer, what + " must be a whole number from " + std::to_string(min) + " to " +
                        std::to_string(max));
    return fallback;
  }

  std::vector<int> integers(const std::string& pointer, const std::string& what) {
    std::vector<int> out;
    const json& v = at(pointer);
    if (v.is_null()) return out;
    if (!v.is_array()) return report(pointer, what + " must be a list of numbers"), out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_number_integer()) {
        out.push_back(v[i].get<int>());
      } else {
        report(pointer + "/" + std::to_string(i), what + " must hold whole numbers");
      }
    }
    return out;
  }

 private:
  const json& at(const std::string& pointer) const {
    static const json kNull;
    json::json_pointer p(pointer);
    return doc_.value.contains(p) ? doc_.value.at(p) : kNull;
  }

  std::string file_;
  std::vector<Problem>& problems_;
  LocatedJson doc_;
};

// The source's address, its companion pages and the notes on its reference
// numbers: optional, and every address empty until the operator sets it.
void ReadLinks(FileReader& r, Source& source) {
  const auto url = [&r](const std::string& pointer, const std::string& what) {
    std::string value = r.string(pointer, what, false);
    if (!ValidUrl(value)) r.report(pointer, what + " must be empty or an http(s) address");
    return value;
  };
  source.url = url("/source/url", "source url");
  const json& companions = r.root()["source"].value("companions", json::object());
  if (!r.root()["source"].contains("companions") ||
      r.object("/source/companions", "source companions")) {
    for (auto& [id, _] : companions.items()) {
      const std::string at = Child("/source/companions", id);
      if (!r.object(at, "companion " + id)) continue;
      source.companions[id] = {r.string(at + "/title", "title of companion " + id, true),
                               url(at + "/url", "url of companion " + id)};
    }
  }
  const json& notes = r.root()["source"].value("reference_notes", json::array());
  if (!notes.is_array())
    return r.report("/source/reference_notes", "reference_notes must be a list");
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const std::string at = "/source/reference_notes/" + std::to_string(i);
    if (!r.object(at, "a reference note")) continue;
    ReferenceNote note{r.integers(at + "/references", "references"),
                       r.string(at + "/note", "note", true)};
    if (note.references.empty()) r.report(at, "a reference note needs its \"references\"");
    source.reference_notes.push_back(std::move(note));
  }
}

// The source's sections, optional: [{"id", "title"}], ids unique.
void ReadSections(FileReader& r, std::vector<Section>& sections) {
  const json& list = r.root().value("sections", json::array());
  if (!list.is_array()) return r.report("/sections", "sections must be a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "/sections/" + std::to_string(i);
    if (!r.object(at, "a section")) continue;
    Section section{r.string(at + "/id", "section id", true),
                    r.string(at + "/title", "section title", true)};
    const bool duplicate = std::any_of(sections.begin(), sections.end(),
                                       [&section](const Section& s) { return s.id == section.id; });
    if (duplicate) r.report(at + "/id", "duplicate section id '" + section.id + "'");
    // Kept, so that each section's position is its place in the file; a
    // base with a problem is never served.
    sections.push_back(std::move(section));
  }
}

void ReadManifest(FileReader& r, KnowledgeBase& kb) {
  if (!r.object("", "kb.json")) return;
  kb.name = r.string("/name", "name", true);
  kb.subject = r.string("/subject", "subject", false);
  kb.domain_intents = r.strings("/intents", "intents");
  if (kb.domain_intents.empty()) r.report("", "kb.json must declare its \"intents\"");
  if (r.object("/source", "source")) {
    kb.source.title = r.string("/source/title", "source title", true);
    kb.source.author = r.string("/source/author", "source author", true);
    kb.source.reviewer = r.string("/source/reviewer", "source reviewer", false);
    kb.source.text_file = r.string("/source/text_file", "source text_file", false);
    ReadLinks(r, kb.source);
    const json& max = r.root()["source"].value("max_reference", json());
    if (max.is_number_integer() && max.get<int>() >= 0) {
      kb.source.max_reference = max.get<int>();
    } else {
      r.report("/source", "source max_reference must be a whole number >= 0");
    }
  }
  kb.short_max_words = r.integer("/short_max_words", "short_max_words", 0, 10000, 0);
  ReadSections(r, kb.sections);
  if (!r.object("/phrases", "phrases")) return;
  Phrases& p = kb.phrases;
  p.welcome = r.string("/phrases/welcome", "welcome phrase", true);
  p.welcome_suggestions = r.strings("/phrases/welcome_suggestions", "welcome_suggestions");
  p.disclaimer = r.string("/phrases/disclaimer", "disclaimer", true);
  p.menu = r.strings("/phrases/menu", "menu");
  const json& templates = r.root()["phrases"].value("templates", json::object());
  if (!templates.is_object()) return r.report("/phrases/templates", "templates must be an object");
  for (auto& [name, _] : templates.items()) {
    p.templates[name] = r.string(Child("/phrases/templates", name), "template " + name, true);
  }
}

void ReadLexicon(FileReader& r, Lexicon& lexicon) {
  if (!r.object("", "lexicon.json")) return;
  const json& root = r.root();
  if (root.contains("synonyms") && r.object("/synonyms", "synonyms")) {
    for (auto& [term, _] : root["synonyms"].items()) {
      lexicon.synonyms[term] = r.strings(Child("/synonyms", term), "synonyms of " + term);
    }
  }
  if (root.contains("entities") && r.object("/entities", "entities")) {
    for (auto& [type, values] : root["entities"].items()) {
      if (!r.object(Child("/entities", type), "entity type " + type)) continue;
      for (auto& [value, _] : values.items()) {
        lexicon.entities[type][value] =
            r.strings(Child(Child("/entities", type), value), "surface forms of " + value);
      }
    }
  }
  // One of kThingKinds, or reported at `pointer`.
  const auto known_kind = [&r](const std::string& pointer, const std::string& kind) {
    if (std::find(kThingKinds.begin(), kThingKinds.end(), kind) != kThingKinds.end()) return true;
    r.report(pointer, "kinds: '" + kind +
                          "' is not a kind of thing the engine knows "
                          "(food, drink, supplement, exercise)");
    return false;
  };
  if (root.contains("kinds") && r.object("/kinds", "kinds")) {
    for (auto& [kind, _] : root["kinds"].items()) {
      if (!known_kind(Child("/kinds", kind), kind)) continue;
      lexicon.kinds[kind] = r.string(Child("/kinds", kind), "the topic for kind " + kind, true);
    }
  }
  if (root.contains("kind_words") && r.object("/kind_words", "kind_words")) {
    for (auto& [kind, _] : root["kind_words"].items()) {
      if (!known_kind(Child("/kind_words", kind), kind)) continue;
      lexicon.kind_words[kind] = r.strings(Child("/kind_words", kind), "kind_words of " + kind);
    }
  }
}

// Each kind of thing in the lexicon leads to a topic of the base.
void CheckKindTopics(const KnowledgeBase& kb, FileReader& lexicon) {
  for (const auto& [kind, topic] : kb.lexicon.kinds) {
    if (!topic.empty() && !kb.find(topic)) {
      lexicon.report(Child("/kinds", kind),
                     "kinds: topic '" + topic + "' for kind " + kind + " does not exist");
    }
  }
}

// A safety rule's slot: one concept name or a list of alternatives.
std::vector<std::string> ReadSlot(FileReader& r, const std::string& pointer, const json& slot) {
  if (slot.is_string() && !slot.get_ref<const std::string&>().empty())
    return {slot.get<std::string>()};
  if (slot.is_array() && !slot.empty()) return r.strings(pointer, "a slot of \"all\"");
  r.report(pointer, "a slot of \"all\" must be a concept name or a list of them");
  return {};
}

// Calls read(pointer, item) for each object of the list `key` in safety.json.
template <class Read>
void EachObject(FileReader& r, const std::string& key, const std::string& what, Read&& read) {
  const json& list = r.root().value(key, json::array());
  if (!list.is_array()) return r.report("/" + key, key + " must be a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "/" + key + "/" + std::to_string(i);
    if (r.object(at, what)) read(at, list[i]);
  }
}

// safety.json's settings: window, negation, keep_words, typo lengths.
void ReadSafetySettings(FileReader& r, SafetyRules& safety) {
  const json& root = r.root();
  safety.window = r.integer("/window", "window", 1, 1000, safety.window);
  if (root.contains("negation") && r.object("/negation", "negation")) {
    safety.negation_cues = r.strings("/negation/cues", "negation cues");
    safety.negation_breaks = r.strings("/negation/breaks", "negation breaks");
    safety.negation_reach =
        r.integer("/negation/reach", "negation reach", 1, 20, safety.negation_reach);
    safety.unnegated = r.strings("/negation/unnegated", "unnegated concepts");
  }
  safety.keep_words = r.strings("/keep_words", "keep_words");
  safety.typo_min_length = static_cast<std::size_t>(r.integer(
      "/typo_min_length", "typo_min_length", 1, 100, static_cast<int>(safety.typo_min_length)));
  safety.typo_two_edit_length =
      static_cast<std::size_t>(r.integer("/typo_two_edit_length", "typo_two_edit_length", 1, 100,
                                         static_cast<int>(safety.typo_two_edit_length)));
}

// safety.json's concepts and quantities; the names of both.
std::set<std::string> ReadSafetyConcepts(FileReader& r, SafetyRules& safety) {
  const json& root = r.root();
  std::set<std::string> concepts;
  const json& concept_words = root.value("concepts", json::object());
  if (!root.contains("concepts") || r.object("/concepts", "concepts")) {
    for (auto& [name, _] : concept_words.items()) {
      safety.concepts[name] = r.strings(Child("/concepts", name), "words of concept " + name);
      if (safety.concepts[name].empty())
        r.report(Child("/concepts", name), "concept '" + name + "' has no words");
      concepts.insert(name);
    }
  }
  EachObject(r, "quantities", "a quantity", [&](const std::string& at, const json& q) {
    SafetyQuantity quantity;
    quantity.concept_name = r.string(at + "/concept", "concept of a quantity", true);
    quantity.units = r.strings(at + "/units", "units");
    quantity.before = r.strings(at + "/before", "before");
    for (auto [key, bound] : {std::pair{"min", &quantity.min}, std::pair{"max", &quantity.max}}) {
      const json& v = q.value(key, json());
      if (v.is_number())
        *bound = v.get<double>();
      else
        r.report(at, std::string("a quantity needs a number \"") + key + "\"");
    }
    if (quantity.min > quantity.max) r.report(at, "a quantity's min is above its max");
    concepts.insert(quantity.concept_name);
    safety.quantities.push_back(std::move(quantity));
  });
  return concepts;
}

// safety.json's cancels and rules, and the concepts they and "unnegated" name.
void ReadSafetyRuleList(FileReader& r, const std::set<std::string>& concepts, SafetyRules& safety) {
  const auto check_concept = [&](const std::string& pointer, const std::string& name) {
    if (!concepts.count(name)) r.report(pointer, "unknown concept '" + name + "'");
  };
  for (std::size_t i = 0; i < safety.unnegated.size(); ++i) {
    check_concept("/negation/unnegated/" + std::to_string(i), safety.unnegated[i]);
  }
  EachObject(r, "cancels", "a cancel", [&](const std::string& at, const json&) {
    SafetyCancel cancel;
    cancel.by = r.string(at + "/by", "\"by\" of a cancel", true);
    cancel.cancels = r.string(at + "/cancels", "\"cancels\" of a cancel", true);
    cancel.before = r.integer(at + "/before", "before", 0, 100, 0);
    cancel.after = r.integer(at + "/after", "after", 0, 100, 0);
    check_concept(at + "/by", cancel.by);
    check_concept(at + "/cancels", cancel.cancels);
    safety.cancels.push_back(std::move(cancel));
  });

  std::set<std::string> names;
  EachObject(r, "rules", "a rule", [&](const std::string& at, const json& rule_json) {
    SafetyRule rule;
    rule.name = r.string(at + "/name", "rule name", true);
    if (!rule.name.empty() && !names.insert(rule.name).second) {
      r.report(at + "/name", "duplicate rule name '" + rule.name + "'");
    }
    rule.category = r.string(at + "/category", "category of rule '" + rule.name + "'", true);
    if (!rule.category.empty() && std::find(kSafetyCategories.begin(), kSafetyCategories.end(),
                                            rule.category) == kSafetyCategories.end()) {
      r.report(at + "/category",
               "rule '" + rule.name + "': unknown category '" + rule.category + "'");
    }
    rule.group = r.string(at + "/group", "group", false);
    const json& all = rule_json.value("all", json());
    if (!all.is_array() || all.empty()) {
      r.report(at, "rule '" + rule.name + "' needs \"all\": a list of concepts that must co-occur");
    } else {
      for (std::size_t i = 0; i < all.size(); ++i) {
        const std::string slot_at = at + "/all/" + std::to_string(i);
        rule.all.push_back(ReadSlot(r, slot_at, all[i]));
        for (const std::string& name : rule.all.back()) check_concept(slot_at, name);
      }
    }
    rule.unless = r.strings(at + "/unless", "unless");
    for (const std::string& name : rule.unless) check_concept(at + "/unless", name);
    rule.window = r.integer(at + "/window", "window", 0, 1000, 0);
    rule.unless_window = r.integer(at + "/unless_window", "unless_window", 0, 1000, 0);
    safety.rules.push_back(std::move(rule));
  });
}

// safety.json's replies, group notes, crisis line and withheld topics.
void ReadSafetyReplies(FileReader& r, SafetyRules& safety) {
  const json& root = r.root();
  const json& replies = root.value("replies", json::object());
  if (!root.contains("replies") || r.object("/replies", "replies")) {
    for (auto& [category, _] : replies.items()) {
      safety.replies[category] = r.string(Child("/replies", category), "reply " + category, true);
    }
  }
  const json& notes = root.value("group_notes", json::object());
  if (!root.contains("group_notes") || r.object("/group_notes", "group_notes")) {
    for (auto& [group, _] : notes.items()) {
      safety.group_notes[group] =
          r.string(Child("/group_notes", group), "group note " + group, true);
    }
  }
  safety.crisis_line = r.string("/crisis_line", "crisis_line", false);
  const json& withhold = root.value("withhold", json::object());
  if (!root.contains("withhold") || r.object("/withhold", "withhold")) {
    for (auto& [group, _] : withhold.items()) {
      safety.withhold[group] =
          r.strings(Child("/withhold", group), "topics withheld from " + group);
      if (!safety.group_notes.count(group)) {
        r.report(Child("/withhold", group),
                 "no note for group '" + group + "' (add it to \"group_notes\")");
      }
    }
  }
}

// What the dialogue will need to say for every rule that can fire.
void CheckSafetyReplies(FileReader& r, const SafetyRules& safety) {
  for (std::size_t i = 0; i < safety.rules.size(); ++i) {
    const SafetyRule& rule = safety.rules[i];
    const std::string at = "/rules/" + std::to_string(i);
    const bool known = std::find(kSafetyCategories.begin(), kSafetyCategories.end(),
                                 rule.category) != kSafetyCategories.end();
    if (known && rule.category != "caution" && !safety.replies.count(rule.category)) {
      r.report(at + "/category",
               "no reply for category '" + rule.category + "' (add it to \"replies\")");
    }
    if (!rule.group.empty() && !safety.group_notes.count(rule.group)) {
      r.report(at + "/group", "no note for group '" + rule.group + "' (add it to \"group_notes\")");
    }
    if (rule.category == "caution" && rule.group.empty()) {
      r.report(at, "rule '" + rule.name + "': a caution rule must name its group");
    }
  }
  const auto self_harm = safety.replies.find("self_harm");
  if (self_harm != safety.replies.end() &&
      self_harm->second.find("{crisis_line}") != std::string::npos && safety.crisis_line.empty()) {
    r.report("/replies/self_harm",
             "the self_harm reply names {crisis_line} but there is no \"crisis_line\"");
  }
}

void ReadSafetyRules(FileReader& r, SafetyRules& safety) {
  if (!r.object("", "safety.json")) return;
  ReadSafetySettings(r, safety);
  const std::set<std::string> concepts = ReadSafetyConcepts(r, safety);
  ReadSafetyRuleList(r, concepts, safety);
  ReadSafetyReplies(r, safety);
  CheckSafetyReplies(r, safety);
}

// A first answer names the facts of its topic and stays a chat bubble.
void CheckShortAnswer(FileReader& r, const std::string& at, const Topic& t, bool domain,
                      int max_words) {
  if (domain && t.must_mention.empty()) {
    r.report(at,
             "topic '" + t.id + "': declares no must_mention (the facts its short answer names)");
  }
  for (std::size_t i = 0; i < t.must_mention.size() && !t.short_answer.empty(); ++i) {
    if (!Mentions(t.short_answer, t.must_mention[i])) {
      r.report(at + "/must_mention/" + std::to_string(i),
               "topic '" + t.id + "': the short answer does not name '" + t.must_mention[i] + "'");
    }
  }
  const auto words = Words(t.short_answer).size();
  if (domain && max_words > 0 && words > static_cast<std::size_t>(max_words)) {
    r.report(at + "/short", "topic '" + t.id + "': short answer of " + std::to_string(words) +
                                " words, more than short_max_words (" + std::to_string(max_words) +
                                ")");
  }
}

struct TopicLocation {
  FileReader* reader;
  std::string pointer;
};

void ReadTopics(FileReader& r, const LoadOptions& options, KnowledgeBase& kb,
                std::vector<TopicLocation>& where) {
  if (!r.object("", "a topics file")) return;
  const json& list = r.root().value("topics", json());
  if (!list.is_array()) return r.report("", "a topics file needs a \"topics\" list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "/topics/" + std::to_string(i);
    if (!r.object(at, "a topic")) continue;
    Topic t;
    t.id = r.string(at + "/id", "topic id", true);
    if (t.id.empty()) continue;
    if (!ValidTopicId(t.id)) r.report(at + "/id", "topic id '" + t.id + "' must match [a-z0-9_]+");
    t.intent = r.string(at + "/intent", "intent of topic '" + t.id + "'", true);
    const bool domain = kb.is_domain_intent(t.intent);
    if (!t.intent.empty() && !domain && !options.conversation_intents.count(t.intent)) {
      r.report(at + "/intent", "topic '" + t.id + "': unknown intent id '" + t.intent + "'");
    }
    t.title = r.string(at + "/title", "title of topic '" + t.id + "'", true);
    t.question = r.string(at + "/question", "question of topic '" + t.id + "'", false);
    t.short_answer = r.string(at + "/short", "answer (short) of topic '" + t.id + "'", true);
    t.detail = r.string(at + "/detail", "detailed answer of topic '" + t.id + "'", domain);
    t.citations = r.integers(at + "/citations", "citations");
    t.suggestions = r.strings(at + "/suggestions", "suggestions");
    t.related = r.strings(at + "/related", "related");
    t.items = r.strings(at + "/items", "items");
    t.instead = r.string(at + "/instead", "instead", false);
    t.aliases = r.strings(at + "/aliases", "aliases");
    t.examples = r.strings(at + "/examples", "examples");
    t.must_mention = r.strings(at + "/must_mention", "must_mention");
    t.companions = r.strings(at + "/companions", "companions");
    t.section = r.string(at + "/section", "section of topic '" + t.id + "'", false);
    CheckShortAnswer(r, at, t, domain, kb.short_max_words);
    if (domain && !r.root()["topics"][i].contains("citations")) {
      r.report(at, "topic '" + t.id + "': missing citations (use [] when the source cites none)");
    }
    if (domain && t.suggestions.size() < 2) {
      r.report(at, "topic '" + t.id + "': needs at least 2 suggestions");
    }
    // A conversation topic without examples is one the classifier never
    // predicts: the engine reaches it by other means (urgent: the safety screen).
    const bool engine_only = !domain && t.examples.empty();
    if (!engine_only && t.examples.size() < options.min_examples) {
      r.report(at + "/examples", "topic '" + t.id + "': " + std::to_string(t.examples.size()) +
                                     " training examples, needs at least " +
                                     std::to_string(options.min_examples));
    }
    if (kb.find(t.id)) {
      r.report(at + "/id", "duplicate topic id '" + t.id + "'");
      continue;
    }
    where.push_back({&r, at});
    kb.topics.push_back(std::move(t));
    kb.index();
  }
}

// Checks that need every file read: references in range, related topics and
// menu entries that exist.
void CheckCrossReferences(const KnowledgeBase& kb, const std::vector<TopicLocation>& where,
                          FileReader& manifest) {
  for (std::size_t i = 0; i < kb.topics.size(); ++i) {
    const Topic& t = kb.topics[i];
    FileReader& r = *where[i].reader;
    for (std::size_t c = 0; c < t.citations.size(); ++c) {
      if (t.citations[c] < 1 || t.citations[c] > kb.source.max_reference) {
        r.report(where[i].pointer + "/citations/" + std::to_string(c),
                 "topic '" + t.id + "': reference " + std::to_string(t.citations[c]) +
                     " is not in the source (1.." + std::to_string(kb.source.max_reference) + ")");
      }
    }
    for (const char* field : {"related", "items"}) {
      const auto& ids = std::string(field) == "related" ? t.related : t.items;
      for (std::size_t k = 0; k < ids.size(); ++k) {
        if (!kb.find(ids[k])) {
          r.report(where[i].pointer + "/" + field + "/" + std::to_string(k),
                   "topic '" + t.id + "': " + field + " topic '" + ids[k] + "' does not exist");
        }
      }
    }
    for (std::size_t k = 0; k < t.companions.size(); ++k) {
      if (!kb.source.companions.count(t.companions[k])) {
        r.report(where[i].pointer + "/companions/" + std::to_string(k),
                 "topic '" + t.id + "': companion '" + t.companions[k] +
                     "' is not in kb.json's source companions");
      }
    }
    if (!t.instead.empty() && !kb.find(t.instead)) {
      r.report(where[i].pointer + "/instead",
               "topic '" + t.id + "': instead topic '" + t.instead + "' does not exist");
    }
  }
  for (std::size_t n = 0; n < kb.source.reference_notes.size(); ++n) {
    for (int ref : kb.source.reference_notes[n].references) {
      if (ref < 1 || ref > kb.source.max_reference) {
        manifest.report(
            "/source/reference_notes/" + std::to_string(n),
            "reference note: reference " + std::to_string(ref) + " is not in the source");
      }
    }
  }
  for (std::size_t k = 0; k < kb.phrases.menu.size(); ++k) {
    if (!kb.find(kb.phrases.menu[k])) {
      manifest.report("/phrases/menu/" + std::to_string(k),
                      "menu topic '" + kb.phrases.menu[k] + "' does not exist");
    }
  }
}

// Once a base lists its sections, each domain topic names one of them and
// each section holds a topic; a topic may name a section only of that list.
void CheckSections(const KnowledgeBase& kb, const std::vector<TopicLocation>& where,
                   FileReader& manifest) {
  std::set<std::string> used;
  for (std::size_t i = 0; i < kb.topics.size(); ++i) {
    const Topic& t = kb.topics[i];
    const bool listed = std::any_of(kb.sections.begin(), kb.sections.end(),
                                    [&t](const Section& s) { return s.id == t.section; });
    if (listed) {
      used.insert(t.section);
    } else if (!t.section.empty()) {
      where[i].reader->report(
          where[i].pointer + "/section",
          "topic '" + t.id + "': section '" + t.section + "' is not in kb.json's sections");
    } else if (!kb.sections.empty() && kb.is_domain_intent(t.intent)) {
      where[i].reader->report(where[i].pointer,
                              "topic '" + t.id + "': needs its \"section\" (kb.json lists them)");
    }
  }
  for (std::size_t k = 0; k < kb.sections.size(); ++k) {
    // Once per id: inserting marks a duplicate's later entries as reported.
    if (used.insert(kb.sections[k].id).second) {
      manifest.report("/sections/" + std::to_string(k),
                      "section '" + kb.sections[k].id + "' has no topic");
    }
  }
}

// safety_examples.jsonl: one {"text", "safety"[, "calibrates"]} object a
// line (blank lines skipped), each category one of the screen's or "none";
// every problem with its line.
void ReadSafetyExamples(const SourceFile& file, std::vector<Problem>& problems,
                        std::vector<SafetyExample>& examples) {
  std::istringstream in(file.text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto fail = [&](const std::string& message) {
      problems.push_back({file.path, number, message});
    };
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      fail("a safety example must be one JSON object a line");
      continue;
    }
    const auto text = j.find("text");
    const auto safety = j.find("safety");
    if (text == j.end() || !text->is_string() || text->get_ref<const std::string&>().empty()) {
      fail("a safety example needs its \"text\"");
      continue;
    }
    const bool category =
        safety != j.end() && safety->is_string() &&
        (safety->get_ref<const std::string&>() == "none" ||
         std::find(kSafetyCategories.begin(), kSafetyCategories.end(),
                   safety->get_ref<const std::string&>()) != kSafetyCategories.end());
    if (!category) {
      fail("a safety example's \"safety\" must be a safety category or \"none\"");
      continue;
    }
    const auto calibrates = j.find("calibrates");
    if (calibrates != j.end() && !calibrates->is_boolean()) {
      fail("a safety example's \"calibrates\" must be true or false");
      continue;
    }
    examples.push_back({text->get<std::string>(), safety->get<std::string>(),
                        calibrates == j.end() || calibrates->get<bool>()});
  }
}

// Where the files came from, and the problems met while reading them; the
// manifest is parsed only when `has_manifest` (a folder's may be unreadable).
struct Reading {
  std::string topics_dir;
  bool has_manifest = true;
  std::vector<Problem> problems;
};

LoadResult Load(const KnowledgeBaseFiles& files, const LoadOptions& options, Reading reading) {
  std::vector<Problem>& problems = reading.problems;
  LoadResult result;
  auto kb = std::make_shared<KnowledgeBase>();

  FileReader manifest(files.manifest.path, problems);
  if (reading.has_manifest && manifest.parse(files.manifest.text)) ReadManifest(manifest, *kb);

  std::optional<FileReader> lexicon;
  if (files.lexicon) {
    lexicon.emplace(files.lexicon->path, problems);
    if (lexicon->parse(files.lexicon->text)) ReadLexicon(*lexicon, kb->lexicon);
  }

  if (files.safety) {
    FileReader safety(files.safety->path, problems);
    if (safety.parse(files.safety->text)) ReadSafetyRules(safety, kb->safety);
  }
  if (files.safety_examples)
    ReadSafetyExamples(*files.safety_examples, problems, kb->safety_examples);

  // Readers stay alive until the cross-reference check can point into them.
  std::vector<std::unique_ptr<FileReader>> readers;
  std::vector<TopicLocation> where;
  for (const auto& file : files.topics) {
    readers.push_back(std::make_unique<FileReader>(file.path, problems));
    if (readers.back()->parse(file.text)) ReadTopics(*readers.back(), options, *kb, where);
  }
  if (kb->topics.empty() && problems.empty())
    problems.push_back({reading.topics_dir, 0, "no topics"});
  CheckCrossReferences(*kb, where, manifest);
  CheckSections(*kb, where, manifest);
  if (lexicon) CheckKindTopics(*kb, *lexicon);

  result.problems = std::move(problems);
  if (result.problems.empty()) result.kb = std::move(kb);
  return result;
}

}  // namespace

std::string ToString(const Problem& problem) {
  return problem.file + ":" + std::to_string(problem.line) + ": " + problem.message;
}

LoadResult LoadKnowledgeBase(const fs::path& dir, const LoadOptions& options) {
  std::vector<Problem> problems;
  const auto read = [&problems](const fs::path& file) {
    SourceFile source{file.string(), {}};
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      problems.push_back({source.path, 0, "cannot read the file"});
      return std::optional<SourceFile>();
    }
    std::stringstream text;
    text << in.rdbuf();
    source.text = text.str();
    return std::optional<SourceFile>(std::move(source));
  };

  KnowledgeBaseFiles files;
  auto manifest = read(dir / "kb.json");
  if (manifest) files.manifest = std::move(*manifest);
  if (fs::exists(dir / "lexicon.json")) files.lexicon = read(dir / "lexicon.json");
  if (fs::exists(dir / "safety.json")) files.safety = read(dir / "safety.json");
  if (fs::exists(dir / "safety_examples.jsonl"))
    files.safety_examples = read(dir / "safety_examples.jsonl");

  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir / "topics", ec)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  }
  if (ec) problems.push_back({(dir / "topics").string(), 0, "cannot list topics: " + ec.message()});
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    if (auto topics = read(path)) files.topics.push_back(std::move(*topics));
  }
  return Load(files, options,
              {(dir / "topics").string(), manifest.has_value(), std::move(problems)});
}

LoadResult LoadKnowledgeBase(const KnowledgeBaseFiles& files, const LoadOptions& options) {
  return Load(files, options, {"topics", true, {}});
}

}  // namespace gutbot::knowledge
