// The handlers of the demo page, the chat widget's script, the health and
// readiness probes and the metrics: the routes that serve the operator and
// the page rather than the conversation. On the connection's strand.
#pragma once

#include "adapters/server/http_exchange.h"

namespace gutbot::adapters {

// The security headers of the pages and scripts the server serves: a
// strict Content-Security-Policy, nosniff and no referrer.
void AddPageHeaders(const HttpExchange& exchange, HttpExchange::Response& response);
// GET /: the demo page, with its security headers.
void ServeIndexPage(HttpExchange& exchange);
// GET /widget.js: the widget's script, cached for minutes.
void ServeWidgetScript(HttpExchange& exchange);
// GET /healthz: "ok" while the process serves.
void AnswerHealth(HttpExchange& exchange);
// GET /readyz: "ready" while the server accepts work and its store answers.
void AnswerReady(HttpExchange& exchange);
// GET /metrics: the counters in Prometheus' text format.
void ServeMetrics(HttpExchange& exchange);

}  // namespace gutbot::adapters
