// The handlers of the demo page, the chat widget's script, the console's
// page and script, the health and readiness probes and the metrics: the
// routes that serve the operator and the page rather than the conversation.
// On the connection's strand.
#pragma once

#include "adapters/server/http_exchange.h"

namespace gutbot::adapters {

// The security headers of the pages and scripts the server serves: a
// strict Content-Security-Policy whose frame-ancestors are `frame_ancestors`
// (who may show it in a frame), nosniff and no referrer.
void AddPageHeaders(HttpExchange::Response& response, const std::string& frame_ancestors);
// GET /: the demo page, with its security headers.
void ServeIndexPage(HttpExchange& exchange);
// GET /widget.js: the widget's script, cached for minutes.
void ServeWidgetScript(HttpExchange& exchange);
// GET /admin: the content owner's console, a page holding no data (its
// script asks for the admin token and calls /admin/*); never framed or cached.
void ServeConsolePage(HttpExchange& exchange);
// GET /admin.js: the console's script.
void ServeConsoleScript(HttpExchange& exchange);
// GET /healthz: "ok" while the process serves.
void AnswerHealth(HttpExchange& exchange);
// GET /readyz: "ready" while the server accepts work and its store answers.
void AnswerReady(HttpExchange& exchange);
// GET /metrics: the counters in Prometheus' text format.
void ServeMetrics(HttpExchange& exchange);

}  // namespace gutbot::adapters
