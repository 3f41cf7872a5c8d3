// The checks a route's policy (route_table.h) makes before its handler
// runs: the page's Origin, the request rates, the admin and metrics
// credentials. Each refusal is answered here. On the connection's strand.
#pragma once

#include "adapters/server/http_exchange.h"
#include "adapters/server/route_table.h"

namespace gutbot::adapters {

// Whether the request may go on to a handler of `policy`; answers the
// refusal and returns false when not. kWebSocket's checks are the
// connection's (HttpSession), which holds the places it counts.
bool Admit(HttpExchange& exchange, Policy policy);

// Answers OPTIONS on a kBrowserApi route: the CORS preflight.
void AnswerPreflight(HttpExchange& exchange);

// Whether the request's Origin may use the chat (origin_policy.h), with the
// scheme a trusted proxy says the browser used.
bool OriginAllowedFor(const HttpExchange& exchange);

}  // namespace gutbot::adapters
