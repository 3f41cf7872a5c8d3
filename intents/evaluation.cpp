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
  struct Counts {
    std::size_t true_positive = 0, predicted = 0, actual = 0;
  };
  std::map<std::string, Counts> per_intent;
  std::map<std::pair<std::string, std::string>, std::size_t> confusions;
  nlohmann::json errors = nlohmann::json::array();
  std::size_t correct = 0, in_scope = 0, in_scope_correct = 0, oos = 0, oos_caught = 0,
              rejected = 0;

  struct SafetyCounts {
    std::size_t support = 0, caught = 0, false_triggers = 0;
  };
  std::map<std::string, SafetyCounts> safety;
  std::size_t intent_items = 0, quiet_items = 0, false_triggers = 0, fact_items = 0,
              facts_named = 0;

  for (const LabelledText& item : items) {
    const Verdict p = read(item.text);
    if (!item.facts.empty()) {
      ++fact_items;
      nlohmann::json missing = nlohmann::json::array();
      for (const auto& fact : item.facts) {
        if (!knowledge::Mentions(p.text, fact)) missing.push_back(fact);
      }
      facts_named += missing.empty();
      if (options.errors && !missing.empty())
        errors.push_back({{"text", Text(item.text)}, {"missing", missing}});
    }
    const bool item_oos =
        std::find(item.intents.begin(), item.intents.end(), kOutOfScope) != item.intents.end();
    // Safety: a labelled concern must be raised as labelled; a message
    // labelled "none", or out of scope, must raise none.
    const bool safety_right =
        item.safety.empty() || item.safety == (p.safety.empty() ? "none" : p.safety);
    if (!item.safety.empty() && item.safety != "none") {
      ++safety[item.safety].support;
      safety[item.safety].caught += safety_right;
    }
    if (item.safety == "none" || (item.safety.empty() && item_oos)) {
      ++quiet_items;
      if (!p.safety.empty()) {
        ++false_triggers;
        ++safety[p.safety].false_triggers;
      }
    }
    const bool quiet_broken = (item.safety == "none" || item_oos) && !p.safety.empty();
    if (options.errors && (!safety_right || quiet_broken)) {
      errors.push_back({{"text", Text(item.text)},
                        {"expected", item.intents},
                        {"predicted", p.intent},
                        {"confidence", p.confidence},
                        {"expected_safety", item.safety.empty() ? "none" : item.safety},
                        {"safety", p.safety.empty() ? "none" : p.safety}});
    }
    if (item.intents.empty()) continue;
    ++intent_items;
    const bool right =
        std::find(item.intents.begin(), item.intents.end(), p.intent) != item.intents.end();
    // With several acceptable labels, the one that counts is the predicted one
    // when right, else the first listed.
    const std::string& actual = right ? p.intent : item.intents.front();
    correct += right;
    if (item_oos) {
      ++oos;
      oos_caught += p.intent == kOutOfScope;
    } else {
      ++in_scope;
      in_scope_correct += right;
      rejected += p.intent == kOutOfScope;
    }
    ++per_intent[actual].actual;
    ++per_intent[p.intent].predicted;
    if (right) {
      ++per_intent[actual].true_positive;
      continue;
    }
    ++confusions[{actual, p.intent}];
    if (options.errors) {
      errors.push_back({{"text", Text(item.text)},
                        {"expected", item.intents},
                        {"predicted", p.intent},
                        {"confidence", p.confidence}});
    }
  }

  nlohmann::json table = nlohmann::json::object();
  double f1_sum = 0;
  for (const auto& [intent, c] : per_intent) {
    const double precision = Ratio(c.true_positive, c.predicted);
    const double recall = Ratio(c.true_positive, c.actual);
    const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    f1_sum += f1;
    table[intent] = {
        {"precision", precision}, {"recall", recall}, {"f1", f1}, {"support", c.actual}};
  }

  std::vector<std::tuple<std::size_t, std::string, std::string>> pairs;
  for (const auto& [key, count] : confusions) pairs.emplace_back(count, key.first, key.second);
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
    return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) > std::get<0>(b) : a < b;
  });
  nlohmann::json top = nlohmann::json::array();
  for (std::size_t i = 0; i < pairs.size() && i < options.confusions; ++i) {
    top.push_back({{"expected", std::get<1>(pairs[i])},
                   {"predicted", std::get<2>(pairs[i])},
                   {"count", std::get<0>(pairs[i])}});
  }

  nlohmann::json safety_table = nlohmann::json::object();
  for (const auto& [category, c] : safety) {
    safety_table[category] = {{"support", c.support},
                              {"recall", Ratio(c.caught, c.support)},
                              {"false_triggers", c.false_triggers}};
  }
  nlohmann::json report = {
      {"accuracy", Ratio(correct, intent_items)},
      {"in_scope_accuracy", Ratio(in_scope_correct, in_scope)},
      {"oos_recall", Ratio(oos_caught, oos)},
      {"false_rejection_rate", Ratio(rejected, in_scope)},
      {"macro_f1", per_intent.empty() ? 0.0 : f1_sum / static_cast<double>(per_intent.size())},
      {"count", items.size()},
      {"per_intent", table},
      {"confusions", top},
      {"safety", safety_table},
      {"false_triggers", false_triggers},
      {"quiet_count", quiet_items},
      {"facts", {{"support", fact_items}, {"named", Ratio(facts_named, fact_items)}}},
  };
  if (options.errors) report["errors"] = errors;
  return report;
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
