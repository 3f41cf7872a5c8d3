#include "adapters/server/faq_handlers.h"

#include "adapters/server/site_handlers.h"

namespace gutbot::adapters {

namespace http = boost::beast::http;

namespace {

using Status = HttpExchange::Status;

// A response for `document` in `content_type`: 304 with no body when the
// request's If-None-Match names its ETag, else 200; cached for minutes, so
// that sites pick up a reloaded knowledge base soon.
HttpExchange::Response CurrentDocument(const HttpExchange& exchange, const FaqDocument& document,
                                       const char* content_type) {
  const bool unchanged = exchange.request()[http::field::if_none_match] == document.etag;
  HttpExchange::Response response =
      unchanged ? exchange.response(Status::not_modified, "", content_type)
                : exchange.response(Status::ok, document.body, content_type);
  response.set(http::field::etag, document.etag);
  response.set(http::field::cache_control, "public, max-age=300");
  return response;
}

std::shared_ptr<const Faq> ServingFaq(const HttpExchange& exchange) {
  ServerContext& context = exchange.context();
  return context.faq.get(context.engine->knowledge_base());
}

}  // namespace

void ServeFaq(HttpExchange& exchange) {
  exchange.send(CurrentDocument(exchange, ServingFaq(exchange)->json, "application/json"));
}

void ServeFaqPage(HttpExchange& exchange) {
  HttpExchange::Response response =
      CurrentDocument(exchange, ServingFaq(exchange)->page, "text/html; charset=utf-8");
  AddPageHeaders(response, exchange.context().options.frame_ancestors);
  exchange.send(std::move(response));
}

void ServeFaqScript(HttpExchange& exchange) {
  const FaqDocument& script = exchange.context().faq_script;
  if (script.body.empty()) {
    return exchange.send_error(Status::not_found,
                               {bot::ErrorCode::kNotFound, "Nothing is served at this path."});
  }
  HttpExchange::Response response =
      CurrentDocument(exchange, script, "application/javascript; charset=utf-8");
  AddPageHeaders(response, exchange.context().options.frame_ancestors);
  exchange.send(std::move(response));
}

}  // namespace gutbot::adapters
