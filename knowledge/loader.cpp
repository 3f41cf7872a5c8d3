#include "knowledge/loader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "knowledge/located_json.h"

namespace gutbot::knowledge {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

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

void ReadManifest(FileReader& r, KnowledgeBase& kb) {
  if (!r.object("", "kb.json")) return;
  kb.name = r.string("/name", "name", true);
  kb.domain_intents = r.strings("/intents", "intents");
  if (kb.domain_intents.empty()) r.report("", "kb.json must declare its \"intents\"");
  if (r.object("/source", "source")) {
    kb.source.title = r.string("/source/title", "source title", true);
    kb.source.author = r.string("/source/author", "source author", true);
    kb.source.reviewer = r.string("/source/reviewer", "source reviewer", false);
    const json& max = r.root()["source"].value("max_reference", json());
    if (max.is_number_integer() && max.get<int>() >= 0) {
      kb.source.max_reference = max.get<int>();
    } else {
      r.report("/source", "source max_reference must be a whole number >= 0");
    }
  }
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
  lexicon.red_flags = r.strings("/red_flags", "red_flags");
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
    t.short_answer = r.string(at + "/short", "answer (short) of topic '" + t.id + "'", true);
    t.detail = r.string(at + "/detail", "detailed answer of topic '" + t.id + "'", domain);
    t.citations = r.integers(at + "/citations", "citations");
    t.suggestions = r.strings(at + "/suggestions", "suggestions");
    t.related = r.strings(at + "/related", "related");
    t.aliases = r.strings(at + "/aliases", "aliases");
    t.examples = r.strings(at + "/examples", "examples");
    if (domain && !r.root()["topics"][i].contains("citations")) {
      r.report(at, "topic '" + t.id + "': missing citations (use [] when the source cites none)");
    }
    if (domain && t.suggestions.size() < 2) {
      r.report(at, "topic '" + t.id + "': needs at least 2 suggestions");
    }
    if (t.examples.size() < options.min_examples) {
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
    for (std::size_t k = 0; k < t.related.size(); ++k) {
      if (!kb.find(t.related[k])) {
        r.report(where[i].pointer + "/related/" + std::to_string(k),
                 "topic '" + t.id + "': related topic '" + t.related[k] + "' does not exist");
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

  if (files.lexicon) {
    FileReader lexicon(files.lexicon->path, problems);
    if (lexicon.parse(files.lexicon->text)) ReadLexicon(lexicon, kb->lexicon);
  }

  // Readers stay alive until the cross-reference check can point into them.
  std::vector<std::unique_ptr<FileReader>> readers;
  std::vector<TopicLocation> where;
  for (const auto& file : files.topics) {
    readers.push_back(std::make_unique<FileReader>(file.path, problems));
    if (readers.back()->parse(file.text)) ReadTopics(*readers.back(), options, *kb, where);
  }
  if (kb->topics.empty() && problems.empty()) problems.push_back({reading.topics_dir, 0, "no topics"});
  CheckCrossReferences(*kb, where, manifest);

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
  return Load(files, options, {(dir / "topics").string(), manifest.has_value(), std::move(problems)});
}

LoadResult LoadKnowledgeBase(const KnowledgeBaseFiles& files, const LoadOptions& options) {
  return Load(files, options, {"topics", true, {}});
}

}  // namespace gutbot::knowledge
