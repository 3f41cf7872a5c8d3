// The handlers of the FAQ: GET /v1/faq (the JSON), GET /faq (the page) and
// GET /faq.js (the block a site embeds, which reads /v1/faq and asks
// /v1/ask). The FAQ follows the knowledge base serving now; each answer
// carries an ETag and a matching If-None-Match gets 304. On the
// connection's strand.
#pragma once

#include "adapters/server/http_exchange.h"

namespace gutbot::adapters {

// GET /v1/faq: the knowledge base's questions and answers as JSON.
void ServeFaq(HttpExchange& exchange);
// GET /faq: the FAQ page, with the pages' security headers.
void ServeFaqPage(HttpExchange& exchange);
// GET /faq.js: the FAQ block's script.
void ServeFaqScript(HttpExchange& exchange);

}  // namespace gutbot::adapters
