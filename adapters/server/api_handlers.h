// The handlers of the HTTP API, /v1/*: one-off questions, conversations
// kept by session token and feedback on answers (GET /v1/faq: faq_handlers.h). The
// kBrowserApi policy has admitted the request. On the connection's strand.
#pragma once

#include "adapters/server/http_exchange.h"

namespace gutbot::adapters {

// POST /v1/ask {"text"}: the answer, with no conversation.
void Ask(HttpExchange& exchange);
// POST /v1/chat {"text", "session"?}: a turn of the session's conversation,
// or of a new one.
void Chat(HttpExchange& exchange);
// POST /v1/feedback {"session", "id", "rating", "comment"?}: rates an answer.
void SaveFeedback(HttpExchange& exchange);

}  // namespace gutbot::adapters
