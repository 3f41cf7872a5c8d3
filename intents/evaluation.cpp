#include "intents/evaluation.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "intents/intent_ids.h"
#include "knowledge/content_checks.h"

namespace gutbot::intents {
namespace {

double Ratio(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// Invalid UTF-8 is replaced rather than thrown on: a report must always print.
std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json Text(std::string_view text) {
  return nlohmann::json::parse(Dump(nlohmann::json(std::string(text))));
}

bool NonEmptyStrings(const nlohmann::json& list) {
  return list.is_array() && !list.empty() &&
         std::all_of(list.begin(), list.end(),
                     [](const nlohmann::json& i) { return i.is_string(); });
}

// What Evaluate counts, item by item, and the report it makes of it.
class Tally {
 public:
  explicit Tally(const EvalOptions& options) : options_(options) {}

  void add(const LabelledText& item, const Verdict& p) {
    add_facts(item, p);
    const bool item_oos =
        std::find(item.intents.begin(), item.intents.end(), kOutOfScope) != item.intents.end();
    add_safety(item, p, item_oos);
    if (!item.intents.empty()) add_intent(item, p, item_oos);
  }

  nlohmann::json report(std::size_t count) const {
    double f1_sum = 0;
    nlohmann::json per_intent = per_intent_table(f1_sum);
    nlohmann::json report = {
        {"accuracy", Ratio(correct_, intent_items_)},
        {"in_scope_accuracy", Ratio(in_scope_correct_, in_scope_)},
        {"oos_recall", Ratio(oos_caught_, oos_)},
        {"false_rejection_rate", Ratio(rejected_, in_scope_)},
        {"macro_f1", per_intent_.empty() ? 0.0 : f1_sum / static_cast<double>(per_intent_.size())},
        {"count", count},
        {"per_intent", std::move(per_intent)},
        {"confusions", top_confusions()},
        {"safety", safety_table()},
        {"false_triggers", false_triggers_},
        {"quiet_count", quiet_items_},
        {"facts", {{"support", fact_items_}, {"named", Ratio(facts_named_, fact_items_)}}},
    };
    if (options_.errors) report["errors"] = errors_;
    return report;
  }

 private:
  struct Counts {
    std::size_t true_positive = 0, predicted = 0, actual = 0;
  };
  struct SafetyCounts {
    std::size_t support = 0, caught = 0, false_triggers = 0;
  };

  // Whether the reply names the facts the item expects.
  void add_facts(const LabelledText& item, const Verdict& p) {
    if (item.facts.empty()) return;
    ++fact_items_;
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& fact : item.facts) {
      if (!knowledge::Mentions(p.text, fact)) missing.push_back(fact);
    }
    facts_named_ += missing.empty();
    if (options_.errors && !missing.empty())
      errors_.push_back({{"text", Text(item.text)}, {"missing", missing}});
  }

  // A labelled concern must be raised as labelled; a message labelled
  // "none", or out of scope, must raise none.
  void add_safety(const LabelledText& item, const Verdict& p, bool item_oos) {
    const bool safety_right =
        item.safety.empty() || item.safety == (p.safety.empty() ? "none" : p.safety);
    if (!item.safety.empty() && item.safety != "none") {
      ++safety_[item.safety].support;
      safety_[item.safety].caught += safety_right;
    }
    if (item.safety == "none" || (item.safety.empty() && item_oos)) {
      ++quiet_items_;
      if (!p.safety.empty()) {
        ++false_triggers_;
        ++safety_[p.safety].false_triggers;
      }
    }
    const bool quiet_broken = (item.safety == "none" || item_oos) && !p.safety.empty();
    if (options_.errors && (!safety_right || quiet_broken)) {
      errors_.push_back({{"text", Text(item.text)},
                         {"expected", item.intents},
                         {"predicted", p.intent},
                         {"confidence", p.confidence},
                         {"expected_safety", item.safety.empty() ? "none" : item.safety},
                         {"safety", p.safety.empty() ? "none" : p.safety}});
    }
  }

  void add_intent(const LabelledText& item, const Verdict& p, bool item_oos) {
    ++intent_items_;
    const bool right =
        std::find(item.intents.begin(), item.intents.end(), p.intent) != item.intents.end();
    // With several acceptable labels, the one that counts is the predicted one
    // when right, else the first listed.
    const std::string& actual = right ? p.intent : item.intents.front();
    correct_ += right;
    if (item_oos) {
      ++oos_;
      oos_caught_ += p.intent == kOutOfScope;
    } else {
      ++in_scope_;
      in_scope_correct_ += right;
      rejected_ += p.intent == kOutOfScope;
    }
    ++per_intent_[actual].actual;
    ++per_intent_[p.intent].predicted;
    if (right) {
      ++per_intent_[actual].true_positive;
      return;
    }
    ++confusions_[{actual, p.intent}];
    if (options_.errors) {
      errors_.push_back({{"text", Text(item.text)},
                         {"expected", item.intents},
                         {"predicted", p.intent},
                         {"confidence", p.confidence}});
    }
  }

  // Precision, recall and F1 by intent; adds the F1s to `f1_sum`.
  nlohmann::json per_intent_table(double& f1_sum) const {
    nlohmann::json table = nlohmann::json::object();
    for (const auto& [intent, c] : per_intent_) {
      const double precision = Ratio(c.true_positive, c.predicted);
      const double recall = Ratio(c.true_positive, c.actual);
      const double f1 =
          precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
      f1_sum += f1;
      table[intent] = {
          {"precision", precision}, {"recall", recall}, {"f1", f1}, {"support", c.actual}};
    }
    return table;
  }

  nlohmann::json top_confusions() const {
    std::vector<std::tuple<std::size_t, std::string, std::string>> pairs;
    for (const auto& [key, count] : confusions_) pairs.emplace_back(count, key.first, key.second);
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
      return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) > std::get<0>(b) : a < b;
    });
    nlohmann::json top = nlohmann::json::array();
    for (std::size_t i = 0; i < pairs.size() && i < options_.confusions; ++i) {
      top.push_back({{"expected", std::get<1>(pairs[i])},
                     {"predicted", std::get<2>(pairs[i])},
                     {"count", std::get<0>(pairs[i])}});
    }
    return top;
  }

  nlohmann::json safety_table() const {
    nlohmann::json table = nlohmann::json::object();
    for (const auto& [category, c] : safety_) {
      table[category] = {{"support", c.support},
                         {"recall", Ratio(c.caught, c.support)},
                         {"false_triggers", c.false_triggers}};
    }
    return table;
  }

  const EvalOptions& options_;
  std::map<std::string, Counts> per_intent_;
  std::map<std::pair<std::string, std::string>, std::size_t> confusions_;
  std::map<std::string, SafetyCounts> safety_;
  nlohmann::json errors_ = nlohmann::json::array();
  std::size_t correct_ = 0, in_scope_ = 0, in_scope_correct_ = 0, oos_ = 0, oos_caught_ = 0,
              rejected_ = 0;
  std::size_t intent_items_ = 0, quiet_items_ = 0, false_triggers_ = 0, fact_items_ = 0,
              facts_named_ = 0;
};

}  // namespace

std::vector<LabelledText> ReadLabelled(std::istream& in, std::vector<std::string>& errors) {
  std::vector<LabelledText> items;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto fail = [&](const std::string& why) {
      errors.push_back("line " + std::to_string(number) + ": " + why);
    };
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      fail("not a JSON object");
      continue;
    }
    const auto text = j.find("text");
    const auto intents = j.find("intents");
    const auto safety = j.find("safety");
    const auto facts = j.find("facts");
    if (text == j.end() || !text->is_string()) {
      fail("\"text\" must be a string");
      continue;
    }
    if (intents != j.end() && !NonEmptyStrings(*intents)) {
      fail("\"intents\" must be a non-empty array of strings");
      continue;
    }
    if (safety != j.end() &&
        (!safety->is_string() || safety->get_ref<const std::string&>().empty())) {
      fail("\"safety\" must be a category or \"none\"");
      continue;
    }
    if (facts != j.end() && !NonEmptyStrings(*facts)) {
      fail("\"facts\" must be a non-empty array of strings");
      continue;
    }
    if (intents == j.end() && safety == j.end() && facts == j.end()) {
      fail("needs \"intents\", \"safety\" or \"facts\"");
      continue;
    }
    LabelledText item{text->get<std::string>(), {}, {}, {}};
    if (intents != j.end()) item.intents = intents->get<std::vector<std::string>>();
    if (safety != j.end()) item.safety = safety->get<std::string>();
    if (facts != j.end()) item.facts = facts->get<std::vector<std::string>>();
    items.push_back(std::move(item));
  }
  return items;
}

nlohmann::json Evaluate(const IntentModel& model, const std::vector<LabelledText>& items,
                        const EvalOptions& options) {
  return Evaluate(
      [&](const std::string& text) {
        const Prediction p = model.classify(text);
        return Verdict{p.intent, p.confidence, "", ""};
      },
      items, options);
}

nlohmann::json Evaluate(const Reader& read, const std::vector<LabelledText>& items,
                        const EvalOptions& options) {
  Tally tally(options);
  for (const LabelledText& item : items) tally.add(item, read(item.text));
  return tally.report(items.size());
}

nlohmann::json ClassifyJson(const IntentModel& model, std::string_view text) {
  const Prediction p = model.classify(text);
  nlohmann::json alternatives = nlohmann::json::array();
  for (const Scored& a : p.alternatives)
    alternatives.push_back({{"intent", a.id}, {"confidence", a.confidence}});
  nlohmann::json entities = nlohmann::json::array();
  for (const Entity& e : p.entities) {
    entities.push_back({{"type", e.type}, {"value", e.value}, {"start", e.start}, {"end", e.end}});
  }
  return {{"text", Text(text)},           {"intent", p.intent},   {"confidence", p.confidence},
          {"alternatives", alternatives}, {"entities", entities}, {"topic", p.topic}};
}

}  // namespace gutbot::intents
