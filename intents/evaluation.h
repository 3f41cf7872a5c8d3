// Measuring understanding: the `gutbot eval` report over labelled messages
// (of the classifier alone or of whole first replies), the `gutbot classify` object for one
// message, and the JSON Lines reader for labelled files. Stateless functions; thread-safe.
#pragma once

#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "intents/intent_model.h"

namespace gutbot::intents {

struct LabelledText {
  std::string text;
  std::vector<std::string> intents;  // a prediction is right if it is any of these; may be empty
  std::string safety;                // the expected safety category, "none", or "" when unlabelled
  std::vector<std::string> facts;    // what the reply must name ("a|b": either); may be empty
};

// Reads JSON Lines {"text": "...", "intents": ["id", ...], "safety": "...",
// "facts": ["...", ...]} (at least one of the three); blank lines are skipped. A bad line is left
// out and described in `errors` as "line N: why".
std::vector<LabelledText> ReadLabelled(std::istream& in, std::vector<std::string>& errors);

struct EvalOptions {
  bool errors = false;          // list every wrong prediction in the report
  std::size_t confusions = 10;  // most frequent (expected, predicted) pairs to list
};

// What one message was understood as, by whatever reads it.
struct Verdict {
  std::string intent;
  double confidence = 0;
  std::string safety;  // the safety category raised, "" when none
  std::string text;    // the reply's text; empty for the classifier alone
};
using Reader = std::function<Verdict(const std::string& text)>;

// The `gutbot eval` report: accuracy, in_scope_accuracy, oos_recall,
// false_rejection_rate, macro_f1, count, per_intent {precision, recall, f1,
// support}, confusions [{expected, predicted, count}] over the items with
// intents; safety {category: {support, recall, false_triggers}} and
// false_triggers (messages labelled "none" or out_of_scope that raised a
// concern) over the items with a safety label or out of scope; facts
// {support, named} (the share of items with facts whose reply names every
// one) over the items with facts; and, when asked, errors [{text, expected,
// predicted, confidence, safety}, or {text, missing} for facts not named]. An item is
// out of scope when its labels include out_of_scope; rates over no items are 0.
nlohmann::json Evaluate(const Reader& read, const std::vector<LabelledText>& items,
                        const EvalOptions& options = {});
// The classifier's own report (its predictions raise no safety concern).
nlohmann::json Evaluate(const IntentModel& model, const std::vector<LabelledText>& items,
                        const EvalOptions& options = {});

// The `gutbot classify` object for one message: text, intent, confidence,
// alternatives [{intent, confidence}], entities [{type, value, start, end}],
// plus topic.
nlohmann::json ClassifyJson(const IntentModel& model, std::string_view text);

}  // namespace gutbot::intents
