// The questions the knowledge did not fully answer, as the content owner
// reads them (GET /admin/unanswered, `gutbot report`): the stored records
// grouped by their normalised text and by the topic they came nearest to,
// with counts and when each was last asked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bot/engine/content_records.h"

namespace gutbot::knowledge {
class KnowledgeBase;
}

namespace gutbot::bot {

// One question however it was typed: the records of one normalised text.
struct UnansweredQuestion {
  std::string text;     // normalised (NormaliseQuestion)
  std::string example;  // the latest wording as typed
  std::uint64_t count = 0;
  std::int64_t last_unix_ms = 0;
  std::string coverage;              // the latest answer's: "partial" or "none"
  std::string topic;                 // the latest answer's nearest topic; may be ""
  std::vector<std::string> missing;  // what the knowledge lacked, each thing once
};

// The questions that came nearest to one topic ("" for none).
struct UnansweredTopic {
  std::string topic;
  std::uint64_t count = 0;
  std::int64_t last_unix_ms = 0;
};

struct UnansweredGroups {
  std::vector<UnansweredQuestion> questions;  // most asked first, then most recent
  std::vector<UnansweredTopic> topics;        // the same order
};

// Groups `records` (any order); keeps the `limit` most asked questions, and
// counts every record in the topics.
UnansweredGroups GroupUnanswered(const std::vector<UnansweredRecord>& records, std::size_t limit);

// Lower case ASCII, punctuation dropped, runs of spaces made one, at most
// 200 bytes (cut at a character boundary). Non-ASCII letters are kept.
std::string NormaliseQuestion(std::string_view text);

// GET /admin/unanswered's body: {"days", "questions": [...], "topics": [...]}
// (docs/interfaces.md), with the topics' titles from `kb`.
nlohmann::json UnansweredReport(const UnansweredGroups& groups, const knowledge::KnowledgeBase& kb,
                                int days);
// The questions in the dev set's format, one {"text", "intents": []} a line,
// the intents left for a person to fill: the latest wording of each.
std::string UnansweredJsonLines(const UnansweredGroups& groups);

}  // namespace gutbot::bot
