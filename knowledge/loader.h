// Loads a knowledge base folder (see knowledge/README.md) and checks it
// against the schema. Problems are collected, never thrown, each with the file
// and line it was found at, so `gutbot kb check` can list them all at once.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "knowledge/knowledge_base.h"

namespace gutbot::knowledge {

struct Problem {
  std::string file;  // path as given to the loader
  int line = 0;      // 1-based; 0 when the problem is not tied to a line
  std::string message;
};

// "file:line: message"
std::string ToString(const Problem& problem);

struct LoadResult {
  std::shared_ptr<const KnowledgeBase> kb;  // null when any problem was found
  std::vector<Problem> problems;
};

struct LoadOptions {
  // The engine's conversation intents (greeting, more, ...). A topic's intent
  // must be one of these or one the base declares in kb.json's "intents";
  // only the declared ones need a detail, suggestions and citations.
  std::set<std::string> conversation_intents;
  // Fewest training examples a topic must have.
  std::size_t min_examples = 12;
};

// One file of a knowledge base, already read.
struct SourceFile {
  std::string path;  // how problems name the file
  std::string text;
};

// A knowledge base's files: what the folder loader reads, or what a caller
// holding them in memory passes directly.
struct KnowledgeBaseFiles {
  SourceFile manifest;                // kb.json
  std::optional<SourceFile> lexicon;  // lexicon.json, which a base may leave out
  std::vector<SourceFile> topics;     // topics/*.json, in the order they load
  std::optional<SourceFile> safety;   // safety.json, which a base may leave out
  // safety_examples.jsonl (JSON Lines of {"text","safety"}), which a base may leave out
  std::optional<SourceFile> safety_examples;
};

LoadResult LoadKnowledgeBase(const std::filesystem::path& dir, const LoadOptions& options);
LoadResult LoadKnowledgeBase(const KnowledgeBaseFiles& files, const LoadOptions& options);

}  // namespace gutbot::knowledge
