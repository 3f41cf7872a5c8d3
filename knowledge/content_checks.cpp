#include "knowledge/content_checks.h"

#include <cctype>

namespace gutbot::knowledge {
namespace {

bool WordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool MentionsOne(const std::string& text, const std::string& phrase) {
  if (phrase.empty()) return false;
  for (auto at = text.find(phrase); at != std::string::npos; at = text.find(phrase, at + 1)) {
    const auto end = at + phrase.size();
    const bool starts = at == 0 || !WordByte(text[at - 1]);
    const bool ends = end == text.size() || !WordByte(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

bool Mentions(std::string_view text, std::string_view phrase) {
  const std::string lower = Lower(text);
  std::size_t from = 0;
  while (from <= phrase.size()) {
    const auto bar = phrase.find('|', from);
    const auto to = bar == std::string_view::npos ? phrase.size() : bar;
    if (MentionsOne(lower, Lower(phrase.substr(from, to - from)))) return true;
    from = to + 1;
  }
  return false;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      word += static_cast<char>(std::tolower(c));
    } else if (c == '\'' || c >= 0x80) {
      // Apostrophes, straight or curly (U+2019), stay inside a word and drop out.
      continue;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

SourceRuns::SourceRuns(std::string_view source_text, std::size_t length) : length_(length) {
  const auto words = Words(source_text);
  for (std::size_t i = 0; i + length_ <= words.size(); ++i)
    runs_.emplace(words.begin() + i, words.begin() + i + length_);
}

std::string SourceRuns::shared(std::string_view text) const {
  const auto words = Words(text);
  for (std::size_t i = 0; i + length_ <= words.size(); ++i) {
    std::vector<std::string> run(words.begin() + i, words.begin() + i + length_);
    if (!runs_.count(run)) continue;
    std::string out;
    for (const auto& w : run) out += (out.empty() ? "" : " ") + w;
    return out;
  }
  return {};
}

std::vector<Problem> CheckOwnWords(const KnowledgeBase& kb, const SourceRuns& source,
                                   const std::string& file) {
  std::vector<Problem> problems;
  const auto check = [&](const std::string& where, const std::string& text) {
    const std::string run = source.shared(text);
    if (!run.empty()) problems.push_back({file, 0, where + " repeats the source: \"" + run + "\""});
  };
  for (const auto& t : kb.topics) {
    check("topic '" + t.id + "' short", t.short_answer);
    check("topic '" + t.id + "' detail", t.detail);
    check("topic '" + t.id + "' title", t.title);
    check("topic '" + t.id + "' question", t.question);
    for (const auto& s : t.suggestions) check("topic '" + t.id + "' suggestion", s);
    for (const auto& e : t.examples) check("topic '" + t.id + "' example", e);
  }
  for (const auto& section : kb.sections)
    check("section '" + section.id + "' title", section.title);
  check("welcome", kb.phrases.welcome);
  check("disclaimer", kb.phrases.disclaimer);
  for (const auto& [name, text] : kb.phrases.templates) check("template " + name, text);
  for (const auto& [category, text] : kb.safety.replies) check("safety reply " + category, text);
  for (const auto& [group, text] : kb.safety.group_notes) check("group note " + group, text);
  return problems;
}

}  // namespace gutbot::knowledge
