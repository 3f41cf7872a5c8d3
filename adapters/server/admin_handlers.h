// The handlers of the admin API, /admin/*: reloading the knowledge base,
// the reports of unanswered questions and ratings, and a user's data
// (forget, export). The kAdmin policy has admitted the request. On the
// connection's strand.
#pragma once

#include "adapters/server/http_exchange.h"

namespace gutbot::adapters {

// POST /admin/reload: reloads the knowledge base; 422 when it is refused.
void AdminReload(HttpExchange& exchange);
// GET /admin/unanswered?limit=N: the questions the bot could not answer.
void AdminUnanswered(HttpExchange& exchange);
// GET /admin/feedback?limit=N: the latest ratings.
void AdminFeedback(HttpExchange& exchange);
// POST /admin/forget {"user"} or {"session"}: deletes a conversation.
void AdminForget(HttpExchange& exchange);
// POST /admin/export {"user"} or {"session"}: a conversation as JSON.
void AdminExport(HttpExchange& exchange);

}  // namespace gutbot::adapters
