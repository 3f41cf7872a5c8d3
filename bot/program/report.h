// `gutbot report [--days N] [--json]`: the content owner's figures on the
// command line, for operators without a browser: the same daily figures,
// unanswered questions and "not helpful" ratings as the console at GET
// /admin, read straight from the store.
#pragma once

#include <cstdint>
#include <ostream>

#include "bot/common/result.h"
#include "bot/engine/conversation_store.h"
#include "knowledge/knowledge_base.h"

namespace gutbot::bot {

struct ReportOptions {
  int days = 14;
  bool json = false;  // one JSON object: {"usage", "unanswered", "not_helpful"}
  std::int64_t now_unix_ms = 0;
};

// Writes the report of the `options.days` days up to now to `out`.
Status WriteReport(ConversationStore& store, const knowledge::KnowledgeBase& kb,
                   const ReportOptions& options, std::ostream& out);

}  // namespace gutbot::bot
