// The handlers of the admin API, /admin/*: reloading the knowledge base,
// the content owner's reports (unanswered questions, ratings, daily
// figures: what the console at GET /admin shows), and a user's data
// (forget, export). The kAdmin policy has admitted the request. On the
// connection's strand.
#pragma once

#include "adapters/server/http_exchange.h"

namespace gutbot::adapters {

// POST /admin/reload: reloads the knowledge base; 422 when it is refused.
void AdminReload(HttpExchange& exchange);
// GET /admin/unanswered?days=D&limit=N[&format=jsonl]: the questions
// answered with coverage partial or none, grouped; as JSON Lines in the dev
// set's format with format=jsonl.
void AdminUnanswered(HttpExchange& exchange);
// GET /admin/feedback?limit=N[&rating=up|down]: the latest ratings.
void AdminFeedback(HttpExchange& exchange);
// GET /admin/report?days=D: messages per day by coverage and safety, the
// top intents and channels.
void AdminReport(HttpExchange& exchange);
// POST /admin/forget {"user"} or {"session"}: deletes a conversation.
void AdminForget(HttpExchange& exchange);
// POST /admin/export {"user"} or {"session"}: a conversation as JSON.
void AdminExport(HttpExchange& exchange);

}  // namespace gutbot::adapters
