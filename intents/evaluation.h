// Measuring and showing the classifier: the `gutbot eval` report over
// labelled messages, the `gutbot classify` object for one message, and the
// JSON Lines reader for labelled files. Stateless functions; thread-safe.
#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "intents/intent_model.h"

namespace gutbot::intents {

struct LabelledText {
  std::string text;
  std::vector<std::string> intents;  // a prediction is right if it is any of these
};

// Reads JSON Lines {"text": "...", "intents": ["id", ...]}; blank lines are
// skipped. A bad line is left out and described in `errors` as "line N: why".
std::vector<LabelledText> ReadLabelled(std::istream& in, std::vector<std::string>& errors);

struct EvalOptions {
  bool errors = false;          // list every wrong prediction in the report
  std::size_t confusions = 10;  // most frequent (expected, predicted) pairs to list
};

// The `gutbot eval` report: accuracy, in_scope_accuracy, oos_recall,
// false_rejection_rate, macro_f1, count, per_intent {precision, recall, f1,
// support}, confusions [{expected, predicted, count}] and, when asked, errors
// [{text, expected, predicted, confidence}]. An item is out of scope when its
// labels include out_of_scope; rates over no items are 0.
nlohmann::json Evaluate(const IntentModel& model, const std::vector<LabelledText>& items,
                        const EvalOptions& options = {});

// The `gutbot classify` object for one message: text, intent, confidence,
// alternatives [{intent, confidence}], entities [{type, value, start, end}],
// plus topic.
nlohmann::json ClassifyJson(const IntentModel& model, std::string_view text);

}  // namespace gutbot::intents
