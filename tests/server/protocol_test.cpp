#include "adapters/server/protocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace gutbot::adapters {
namespace {

using nlohmann::json;

std::string ErrorCode(std::string_view input) {
  const auto result = ParseFrame(input, 20, 10);
  return result ? "ok" : std::string(bot::ErrorName(result.error().code));
}

std::string ErrorCode(std::string_view input, RequestKind kind) {
  const auto result = ParseRequest(input, kind, 20);
  return result ? "ok" : std::string(bot::ErrorName(result.error().code));
}

TEST(ParseFrame, Message) {
  const auto result =
      ParseFrame(R"({"type":"message","text":"what is leaky gut?","id":"m1"})", 2000, 10);
  ASSERT_TRUE(result);
  EXPECT_EQ(result.value().type, FrameType::kMessage);
  EXPECT_EQ(result.value().message.text, "what is leaky gut?");
  EXPECT_EQ(result.value().message.id, "m1");
}

TEST(ParseFrame, Resume) {
  const auto result = ParseFrame(R"({"type":"resume","session":"tok.en"})", 20, 10);
  ASSERT_TRUE(result);
  EXPECT_EQ(result.value().type, FrameType::kResume);
  EXPECT_EQ(result.value().session, "tok.en");
  EXPECT_EQ(ErrorCode(R"({"type":"resume"})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"resume","session":""})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"resume","session":7})"), "invalid_message");
}

TEST(ParseFrame, Feedback) {
  const auto result =
      ParseFrame(R"({"type":"feedback","id":"m1","rating":"down","comment":"vague"})", 20, 10);
  ASSERT_TRUE(result);
  EXPECT_EQ(result.value().type, FrameType::kFeedback);
  EXPECT_EQ(result.value().feedback.id, "m1");
  EXPECT_EQ(result.value().feedback.rating, "down");
  EXPECT_EQ(result.value().feedback.comment, "vague");
  EXPECT_EQ(ErrorCode(R"({"type":"feedback","id":"m1","rating":"up"})"), "ok");
  EXPECT_EQ(ErrorCode(R"({"type":"feedback","id":"m1","rating":"up","comment":null})"), "ok");
  EXPECT_EQ(ErrorCode(R"({"type":"feedback","rating":"up"})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"feedback","id":"","rating":"up"})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"feedback","id":"m1"})"), "invalid_rating");
  EXPECT_EQ(ErrorCode(R"({"type":"feedback","id":"m1","rating":"meh"})"), "invalid_rating");
  EXPECT_EQ(ErrorCode(R"({"type":"feedback","id":"m1","rating":1})"), "invalid_rating");
  EXPECT_EQ(ErrorCode(R"({"type":"feedback","id":"m1","rating":"up","comment":5})"),
            "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"feedback","id":"m1","rating":"up","comment":"12345678901"})"),
            "comment_too_long");
}

TEST(ParseFeedback, HttpBodyNeedsASession) {
  const auto result = ParseFeedback(R"({"session":"tok.en","id":"m1","rating":"up"})", 10);
  ASSERT_TRUE(result);
  EXPECT_EQ(result.value().session, "tok.en");
  EXPECT_EQ(result.value().id, "m1");
  EXPECT_EQ(ParseFeedback(R"({"id":"m1","rating":"up"})", 10).error().code,
            bot::ErrorCode::kInvalidMessage);
  EXPECT_EQ(ParseFeedback("[]", 10).error().code, bot::ErrorCode::kInvalidMessage);
  EXPECT_EQ(ParseFeedback("{", 10).error().code, bot::ErrorCode::kInvalidJson);
}

TEST(ParseFrame, ErrorCodes) {
  EXPECT_EQ(ErrorCode("{not json"), "invalid_json");
  EXPECT_EQ(ErrorCode(""), "invalid_json");
  EXPECT_EQ(ErrorCode("[1,2]"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"("text")"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"text":"hi"})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":7,"text":"hi"})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"ping","text":"hi"})"), "unknown_type");
  EXPECT_EQ(ErrorCode(R"({"type":"message"})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"message","text":42})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"message","text":null})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"message","text":"hi","id":5})"), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"type":"message","text":""})"), "empty_text");
  EXPECT_EQ(ErrorCode(R"({"type":"message","text":" \n\t "})"), "empty_text");
  EXPECT_EQ(ErrorCode(R"({"type":"message","text":"123456789012345678901"})"), "too_long");
}

TEST(ParseFrame, LengthCountsCharactersNotBytes) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "\xC3\xBC";  // "ü", two bytes each
  EXPECT_EQ(ErrorCode(json{{"type", "message"}, {"text", text}}.dump()), "ok");
  EXPECT_EQ(ErrorCode(json{{"type", "message"}, {"text", text + "x"}}.dump()), "too_long");
}

TEST(ParseFrame, OverlongIdIsRefused) {
  EXPECT_EQ(
      ErrorCode(json{{"type", "message"}, {"text", "hi"}, {"id", std::string(129, 'x')}}.dump()),
      "invalid_message");
}

TEST(ParseRequest, AskAndChatBodies) {
  EXPECT_EQ(ErrorCode(R"({"text":"hi"})", RequestKind::kAsk), "ok");
  EXPECT_EQ(ErrorCode(R"({"text":"hi"})", RequestKind::kChat), "ok");
  EXPECT_EQ(ErrorCode(R"({"session":null,"text":"hi"})", RequestKind::kChat), "ok");
  EXPECT_EQ(ErrorCode(R"({"session":1,"text":"hi"})", RequestKind::kChat), "invalid_message");
  EXPECT_EQ(ErrorCode(R"({"question":"hi"})", RequestKind::kAsk), "invalid_message");

  const auto chat = ParseRequest(R"({"session":"tok.en","text":"hi"})", RequestKind::kChat, 20);
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat.value().session, "tok.en");
}

TEST(Frames, WelcomeWithAndWithoutHistory) {
  knowledge::Source source;
  source.title = "What is Leaky Gut?";
  source.author = "Dr. A";
  source.reviewer = "B. C";
  const json fresh =
      json::parse(WelcomeFrame("tok", "Hello", {"What is leaky gut?"}, source, nullptr));
  EXPECT_EQ(fresh, json::parse(R"({"type":"welcome","session":"tok","text":"Hello",
                                   "suggestions":["What is leaky gut?"],
                                   "source":{"title":"What is Leaky Gut?","author":"Dr. A","reviewer":"B. C"}})"));

  bot::Reply reply;
  reply.citations = {14};
  reply.suggestions = {"Call 999"};
  reply.safety = "emergency";
  reply.links = {{"Diet Plan", "https://example.org/diet"}};
  const std::vector<bot::HistoryEntry> history{
      {"user", "hi", 1764979200123, "m1", std::nullopt, ""},
      {"bot", "hello", 1764979200123, "m1", reply, "down"},
      {"user", "old", 0, "", std::nullopt, ""}};
  const json resumed = json::parse(WelcomeFrame("tok", "Hello", {}, source, &history));
  EXPECT_EQ(resumed["history"], json::parse(R"([
      {"role":"user","text":"hi","at":"2025-12-06T00:00:00.123Z","id":"m1"},
      {"role":"bot","text":"hello","at":"2025-12-06T00:00:00.123Z","id":"m1","citations":[14],
       "suggestions":["Call 999"],"coverage":"full","safety":"emergency","rating":"down",
       "links":[{"title":"Diet Plan","url":"https://example.org/diet"}]},
      {"role":"user","text":"old","at":"1970-01-01T00:00:00.000Z"}])"));
}

TEST(Frames, FeedbackSavedAndTheRatingsReport) {
  EXPECT_EQ(json::parse(FeedbackSavedFrame("m1")),
            json::parse(R"({"type":"feedback_saved","id":"m1"})"));
  const json report = json::parse(RatingsReport(
      {{"u1", 4, "ws", "what is zonulin", "A protein...", "down", "too short", 1764979200000}}));
  EXPECT_EQ(
      report,
      json::parse(R"({"ratings":[{"user":"u1","seq":4,"channel":"ws","question":"what is zonulin",
      "answer":"A protein...","rating":"down","comment":"too short","at":"2025-12-06T00:00:00.000Z"}]})"));
}

TEST(Frames, ReplyAnswersTheClientMessageId) {
  bot::Reply reply;
  reply.text = "Leaky gut is...";
  reply.intent = "what_is_leaky_gut";
  const json frame = json::parse(ReplyFrame(reply, "m7"));
  EXPECT_EQ(frame["type"], "reply");
  EXPECT_EQ(frame["reply_to"], "m7");
  EXPECT_EQ(frame["intent"], "what_is_leaky_gut");

  const json chat = json::parse(ChatResponse(reply, "tok.en"));
  EXPECT_EQ(chat["session"], "tok.en");
  EXPECT_EQ(chat["text"], "Leaky gut is...");
}

TEST(Frames, AStoredReplyIsSentAsStored) {
  bot::Reply reply;
  reply.text = "Leaky gut is...";
  reply.reply_to = "client-message-7";
  reply.encoded = bot::EncodeReply(reply);
  EXPECT_EQ(ReplyFrame(reply, "client-message-7"), reply.encoded);
  // Answering another id, the frame is built anew.
  EXPECT_EQ(json::parse(ReplyFrame(reply, "m8"))["reply_to"], "m8");
}

TEST(Frames, ErrorFrame) {
  EXPECT_EQ(json::parse(ErrorFrame({bot::ErrorCode::kInvalidJson, "Bad."})),
            json::parse(R"({"type":"error","code":"invalid_json","message":"Bad."})"));
}

TEST(Frames, InvalidUtf8IsReplacedNotThrown) {
  const json frame = json::parse(ErrorFrame({bot::ErrorCode::kInvalidMessage, "bad \xFF byte"}));
  EXPECT_EQ(frame["code"], "invalid_message");
}

// Issue #20, finding 12: a store's failure reaches the client by its code,
// never with SQLite's or the system's words; the client's own mistakes are
// told as they are.
TEST(ClientFacingError, HidesTheServersDetails) {
  const bot::Error hidden =
      ClientFacingError({bot::ErrorCode::kStoreUnavailable, "commit: database or disk is full"});
  EXPECT_EQ(hidden.code, bot::ErrorCode::kStoreUnavailable);
  EXPECT_EQ(hidden.message.find("disk"), std::string::npos) << hidden.message;
  EXPECT_EQ(
      ClientFacingError({bot::ErrorCode::kTooLong, "The message is longer than 2000 characters."})
          .message,
      "The message is longer than 2000 characters.");
}

TEST(CheckMessageText, RefusesInvalidUtf8BlankAndLongText) {
  EXPECT_EQ(CheckMessageText("what is zonulin", 100), std::nullopt);
  EXPECT_EQ(CheckMessageText("bad \xff", 100)->code, bot::ErrorCode::kInvalidUtf8);
  EXPECT_EQ(CheckMessageText(" \t\r\n", 100)->code, bot::ErrorCode::kEmptyText);
  EXPECT_EQ(CheckMessageText("\xc3\xbc\xc3\xbc\xc3\xbc", 2)->code, bot::ErrorCode::kTooLong);
}

}  // namespace
}  // namespace gutbot::adapters
