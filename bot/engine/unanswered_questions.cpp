#include "bot/engine/unanswered_questions.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "bot/common/json_text.h"
#include "bot/common/rfc3339.h"
#include "bot/common/utf8.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::bot {
namespace {

constexpr std::size_t kMaxTextBytes = 200;

template <typename Group>
bool MoreAsked(const Group& a, const Group& b) {
  if (a.count != b.count) return a.count > b.count;
  return a.last_unix_ms > b.last_unix_ms;
}

// "kombucha, bone broth" as its things.
std::vector<std::string> SplitThings(const std::string& missing) {
  std::vector<std::string> things;
  std::size_t begin = 0;
  while (begin < missing.size()) {
    std::size_t end = missing.find(", ", begin);
    if (end == std::string::npos) end = missing.size();
    if (end > begin) things.push_back(missing.substr(begin, end - begin));
    begin = end + 2;
  }
  return things;
}

}  // namespace

std::string NormaliseQuestion(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (c >= 0x80 || std::isalnum(c) || c == '\'') {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    } else {
      space = true;
    }
  }
  if (out.size() > kMaxTextBytes) {
    std::size_t cut = kMaxTextBytes;
    // Back up to the first byte of a UTF-8 sequence.
    while (cut > 0 && IsUtf8Continuation(out[cut])) --cut;
    out.resize(cut);
  }
  return out;
}

UnansweredGroups GroupUnanswered(const std::vector<UnansweredRecord>& records, std::size_t limit) {
  std::map<std::string, UnansweredQuestion> questions;
  std::map<std::string, UnansweredTopic> topics;
  for (const UnansweredRecord& r : records) {
    std::string key = NormaliseQuestion(r.text);
    if (key.empty()) continue;
    UnansweredQuestion& q = questions[key];
    q.text = std::move(key);
    ++q.count;
    if (q.count == 1 || r.at_unix_ms >= q.last_unix_ms) {
      q.example = r.text;
      q.last_unix_ms = r.at_unix_ms;
      q.coverage = r.coverage;
      q.topic = r.topic;
    }
    for (std::string& thing : SplitThings(r.missing)) {
      if (std::find(q.missing.begin(), q.missing.end(), thing) == q.missing.end())
        q.missing.push_back(std::move(thing));
    }
    UnansweredTopic& t = topics[r.topic];
    t.topic = r.topic;
    ++t.count;
    t.last_unix_ms = std::max(t.last_unix_ms, r.at_unix_ms);
  }
  UnansweredGroups out;
  for (auto& [key, q] : questions) out.questions.push_back(std::move(q));
  for (auto& [key, t] : topics) out.topics.push_back(std::move(t));
  std::stable_sort(out.questions.begin(), out.questions.end(), MoreAsked<UnansweredQuestion>);
  std::stable_sort(out.topics.begin(), out.topics.end(), MoreAsked<UnansweredTopic>);
  if (out.questions.size() > limit) out.questions.resize(limit);
  return out;
}

nlohmann::json UnansweredReport(const UnansweredGroups& groups, const knowledge::KnowledgeBase& kb,
                                int days) {
  auto title = [&kb](const std::string& topic) -> std::string {
    const knowledge::Topic* t = topic.empty() ? nullptr : kb.find(topic);
    return t ? t->title : "";
  };
  nlohmann::json questions = nlohmann::json::array();
  for (const UnansweredQuestion& q : groups.questions) {
    questions.push_back({{"text", q.text},
                         {"example", q.example},
                         {"count", q.count},
                         {"last_ms", q.last_unix_ms},
                         {"last_seen", Rfc3339(q.last_unix_ms)},
                         {"coverage", q.coverage},
                         {"topic", q.topic},
                         {"title", title(q.topic)},
                         {"missing", q.missing}});
  }
  nlohmann::json topics = nlohmann::json::array();
  for (const UnansweredTopic& t : groups.topics) {
    topics.push_back({{"topic", t.topic},
                      {"title", title(t.topic)},
                      {"count", t.count},
                      {"last_ms", t.last_unix_ms},
                      {"last_seen", Rfc3339(t.last_unix_ms)}});
  }
  return {{"days", days}, {"questions", std::move(questions)}, {"topics", std::move(topics)}};
}

std::string UnansweredJsonLines(const UnansweredGroups& groups) {
  std::string out;
  for (const UnansweredQuestion& q : groups.questions) {
    out += JsonText({{"text", q.example}, {"intents", nlohmann::json::array()}});
    out += '\n';
  }
  return out;
}

}  // namespace gutbot::bot
