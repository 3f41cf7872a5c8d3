// Shared inputs of the benchmarks: the shipped knowledge base and its model,
// and realistic messages from the dev set. Loaded once per process.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/engine/runtime.h"

namespace gutbot::bench {

inline const bot::Runtime& LeakyGut() {
  static const bot::Runtime rt = bot::LoadRuntime(bot::FindDefault("knowledge/leaky-gut"));
  return rt;
}

// The dev set's messages, split by whether they are labelled out of scope.
inline const std::vector<std::string>& DevMessages(bool out_of_scope) {
  static const auto load = [](bool oos) {
    std::vector<std::string> out;
    std::ifstream in(bot::FindDefault("tests/data/dev_set.jsonl"));
    std::string line;
    while (std::getline(in, line)) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) continue;
      const auto& intents = j["intents"];
      const bool is_oos =
          std::find(intents.begin(), intents.end(), "out_of_scope") != intents.end();
      if (is_oos == oos) out.push_back(j["text"]);
    }
    return out;
  };
  static const std::vector<std::string> in_scope = load(false), oos = load(true);
  return out_of_scope ? oos : in_scope;
}

}  // namespace gutbot::bench
