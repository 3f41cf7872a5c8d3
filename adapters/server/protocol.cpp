#include "adapters/server/protocol.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/common/json_text.h"
#include "bot/common/rfc3339.h"
#include "bot/common/utf8.h"

namespace gutbot::adapters {
namespace {

using nlohmann::json;

// A client message id is echoed back; bounding it keeps a client from
// making the server send back more than it was sent.
constexpr std::size_t kMaxIdBytes = 128;

bot::Error Invalid(std::string message) {
  return {bot::ErrorCode::kInvalidMessage, std::move(message)};
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

// The optional "id" of a frame, or the required one of a feedback.
bot::Result<std::string> ParseId(const json& body, bool required) {
  const auto id = body.find("id");
  if (id == body.end()) {
    if (required) return Invalid("The feedback needs the \"id\" of the message that was answered.");
    return std::string();
  }
  if (!id->is_string() || id->get_ref<const std::string&>().size() > kMaxIdBytes ||
      (required && id->get_ref<const std::string&>().empty())) {
    return Invalid("\"id\" must be a string of at most 128 bytes.");
  }
  return id->get<std::string>();
}

bot::Result<std::string> ParseSession(const json& body) {
  const auto session = body.find("session");
  if (session == body.end() || !session->is_string() ||
      session->get_ref<const std::string&>().empty()) {
    return Invalid("The message needs a \"session\" string.");
  }
  return session->get<std::string>();
}

// `kind` is kChat for a /v1/chat body, kAsk for the text alone (a frame's
// id is the caller's).
bot::Result<Request> RequestFromBody(const json& body, RequestKind kind,
                                     std::size_t max_message_chars) {
  Request request;
  if (kind == RequestKind::kChat) {
    if (const auto session = body.find("session"); session != body.end() && !session->is_null()) {
      if (!session->is_string()) return Invalid("\"session\" must be a string.");
      request.session = session->get<std::string>();
    }
  }

  const auto message_text = body.find("text");
  if (message_text == body.end() || !message_text->is_string()) {
    return Invalid("The message needs a \"text\" string.");
  }
  request.text = message_text->get<std::string>();
  if (auto refused = CheckMessageText(request.text, max_message_chars)) return *refused;
  return request;
}

bot::Result<Feedback> FeedbackFromBody(const json& body, std::size_t max_comment_chars) {
  Feedback feedback;
  auto id = ParseId(body, true);
  if (!id) return id.error();
  feedback.id = std::move(id.value());
  const auto rating = body.find("rating");
  if (rating == body.end() || (*rating != "up" && *rating != "down")) {
    return bot::Error{bot::ErrorCode::kInvalidRating, "\"rating\" must be \"up\" or \"down\"."};
  }
  feedback.rating = rating->get<std::string>();
  if (const auto comment = body.find("comment"); comment != body.end() && !comment->is_null()) {
    if (!comment->is_string()) return Invalid("\"comment\" must be a string.");
    feedback.comment = comment->get<std::string>();
    if (bot::CountCodePoints(feedback.comment) > max_comment_chars) {
      return bot::Error{
          bot::ErrorCode::kCommentTooLong,
          "The comment is longer than " + std::to_string(max_comment_chars) + " characters."};
    }
  }
  return feedback;
}

bot::Result<json> ParseObject(std::string_view text) {
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return bot::Error{bot::ErrorCode::kInvalidJson, "The message is not valid JSON."};
  if (!body.is_object()) return Invalid("The message must be a JSON object.");
  return body;
}

}  // namespace

bot::Result<Request> ParseRequest(std::string_view text, RequestKind kind,
                                  std::size_t max_message_chars) {
  auto body = ParseObject(text);
  if (!body) return body.error();
  return RequestFromBody(body.value(), kind, max_message_chars);
}

bot::Result<Feedback> ParseFeedback(std::string_view text, std::size_t max_comment_chars) {
  auto body = ParseObject(text);
  if (!body) return body.error();
  auto session = ParseSession(body.value());
  if (!session) return session.error();
  auto feedback = FeedbackFromBody(body.value(), max_comment_chars);
  if (feedback) feedback.value().session = std::move(session.value());
  return feedback;
}

bot::Result<Frame> ParseFrame(std::string_view text, std::size_t max_message_chars,
                              std::size_t max_comment_chars) {
  auto body = ParseObject(text);
  if (!body) return body.error();
  const auto type = body.value().find("type");
  if (type == body.value().end() || !type->is_string()) {
    return Invalid("The message needs a \"type\" string.");
  }
  Frame frame;
  if (*type == "message") {
    auto id = ParseId(body.value(), false);
    if (!id) return id.error();
    auto message = RequestFromBody(body.value(), RequestKind::kAsk, max_message_chars);
    if (!message) return message.error();
    frame.message = std::move(message.value());
    frame.message.id = std::move(id.value());
  } else if (*type == "resume") {
    frame.type = FrameType::kResume;
    auto session = ParseSession(body.value());
    if (!session) return session.error();
    frame.session = std::move(session.value());
  } else if (*type == "feedback") {
    frame.type = FrameType::kFeedback;
    auto feedback = FeedbackFromBody(body.value(), max_comment_chars);
    if (!feedback) return feedback.error();
    frame.feedback = std::move(feedback.value());
  } else {
    return bot::Error{
        bot::ErrorCode::kUnknownType,
        "Unknown message type; the types are \"message\", \"resume\" and \"feedback\"."};
  }
  return frame;
}

std::optional<bot::Error> CheckMessageText(std::string_view text, std::size_t max_message_chars) {
  // A JSON body was checked by its parser; a form's text (Slack, Twilio) was not.
  if (!bot::IsValidUtf8(text))
    return bot::Error{bot::ErrorCode::kInvalidUtf8, "The message text is not valid UTF-8."};
  if (IsBlank(text)) return bot::Error{bot::ErrorCode::kEmptyText, "The message text is empty."};
  if (bot::CountCodePoints(text) > max_message_chars) {
    return bot::Error{
        bot::ErrorCode::kTooLong,
        "The message is longer than " + std::to_string(max_message_chars) + " characters."};
  }
  return std::nullopt;
}

std::string WelcomeFrame(const std::string& token, const std::string& text,
                         const std::vector<std::string>& suggestions,
                         const knowledge::Source& source,
                         const std::vector<bot::HistoryEntry>* history) {
  json frame = {
      {"type", "welcome"},
      {"session", token},
      {"text", text},
      {"suggestions", suggestions},
      {"source",
       {{"title", source.title}, {"author", source.author}, {"reviewer", source.reviewer}}}};
  if (history != nullptr) {
    json turns = json::array();
    for (const auto& entry : *history) {
      json turn = {
          {"role", entry.role}, {"text", entry.text}, {"at", bot::Rfc3339(entry.at_unix_ms)}};
      if (!entry.id.empty()) turn["id"] = entry.id;
      if (entry.reply) {
        turn["citations"] = entry.reply->citations;
        turn["suggestions"] = entry.reply->suggestions;
        turn["coverage"] = entry.reply->coverage;
        if (!entry.reply->safety.empty()) turn["safety"] = entry.reply->safety;
        if (!entry.reply->links.empty()) turn["links"] = bot::ToJson(entry.reply->links);
      }
      if (!entry.rating.empty()) turn["rating"] = entry.rating;
      turns.push_back(std::move(turn));
    }
    frame["history"] = std::move(turns);
  }
  return bot::JsonText(frame);
}

std::string ReplyFrame(bot::Reply reply, const std::string& id) {
  if (!reply.encoded.empty() && reply.reply_to == id) return std::move(reply.encoded);
  if (!id.empty()) reply.reply_to = id;
  return bot::EncodeReply(reply);
}

std::string ChatResponse(const bot::Reply& reply, const std::string& token) {
  json response = bot::ToJson(reply);
  response["session"] = token;
  return bot::JsonText(response);
}

std::string FeedbackSavedFrame(const std::string& id) {
  return bot::JsonText({{"type", "feedback_saved"}, {"id", id}});
}

std::string RatingsReport(const std::vector<bot::RatingRecord>& ratings) {
  json list = json::array();
  for (const bot::RatingRecord& r : ratings) {
    list.push_back({{"user", r.user},
                    {"seq", r.seq},
                    {"channel", r.channel},
                    {"question", r.user_text},
                    {"answer", r.bot_text},
                    {"rating", r.rating},
                    {"comment", r.comment},
                    {"at", bot::Rfc3339(r.at_unix_ms)}});
  }
  return bot::JsonText({{"ratings", std::move(list)}});
}

bool IsClientError(const bot::Error& error) {
  using enum bot::ErrorCode;
  return error.code == kTooLong || error.code == kEmptyText || error.code == kInvalidMessage ||
         error.code == kConversationFull;
}

bot::Error ClientFacingError(const bot::Error& error) {
  // storage_full is the server's, but its message is written for the client.
  if (IsClientError(error) || error.code == bot::ErrorCode::kStorageFull) return error;
  return {error.code, "The service cannot answer right now; please try again in a moment."};
}

std::string ErrorFrame(const bot::Error& error) {
  return bot::JsonText(
      {{"type", "error"}, {"code", bot::ErrorName(error.code)}, {"message", error.message}});
}

}  // namespace gutbot::adapters
