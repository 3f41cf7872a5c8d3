// The knowledge-base loader and its schema check, from files in memory. The
// input is the files joined by NUL bytes: kb.json, lexicon.json (left out
// when empty), then topic files. A base loads, or its problems are listed;
// never both, never neither.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bot/engine/runtime.h"
#include "knowledge/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gutbot::knowledge::SourceFile;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const auto next = [&rest] {
    const auto end = rest.find('\0');
    const std::string part(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    return part;
  };

  gutbot::knowledge::KnowledgeBaseFiles files;
  files.manifest = SourceFile{"kb.json", next()};
  if (std::string lexicon = next(); !lexicon.empty())
    files.lexicon = SourceFile{"lexicon.json", lexicon};
  while (!rest.empty()) {
    files.topics.push_back(
        SourceFile{"topics/" + std::to_string(files.topics.size()) + ".json", next()});
  }

  const auto result =
      gutbot::knowledge::LoadKnowledgeBase(files, gutbot::bot::ContractLoadOptions());
  if ((result.kb != nullptr) == !result.problems.empty()) std::abort();
  for (const auto& problem : result.problems) {
    if (problem.message.empty()) std::abort();
  }
  return 0;
}
