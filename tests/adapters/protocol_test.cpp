#include "adapters/protocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace gutbot::adapters {
namespace {

using nlohmann::json;

std::string ErrorCode(std::string_view input, RequestKind kind = RequestKind::kFrame, std::size_t max = 20) {
  const auto result = ParseRequest(input, kind, max);
  return result ? "ok" : result.error().code;
}

TEST(ParseRequest, ValidFrame) {
  const auto result = ParseRequest(R"({"type":"message","text":"what is leaky gut?","id":"m1"})",
                                   RequestKind::kFrame, 2000);
  ASSERT_TRUE(result);
  EXPECT_EQ(result.value().text, "what is leaky gut?");
  EXPECT_EQ(result.value().id, "m1");
}

TEST(ParseRequest, FrameErrorCodes) {
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

TEST(ParseRequest, LengthCountsCharactersNotBytes) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "\xC3\xBC";  // "ü", two bytes each
  EXPECT_EQ(ErrorCode(json{{"type", "message"}, {"text", text}}.dump()), "ok");
  EXPECT_EQ(ErrorCode(json{{"type", "message"}, {"text", text + "x"}}.dump()), "too_long");
}

TEST(ParseRequest, OverlongIdIsRefused) {
  EXPECT_EQ(ErrorCode(json{{"type", "message"}, {"text", "hi"}, {"id", std::string(129, 'x')}}.dump()),
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
  const json fresh = json::parse(WelcomeFrame("tok", "Hello", {"What is leaky gut?"}, nullptr));
  EXPECT_EQ(fresh, json::parse(R"({"type":"welcome","session":"tok","text":"Hello",
                                   "suggestions":["What is leaky gut?"]})"));

  const std::vector<bot::HistoryEntry> history{{"user", "hi"}, {"bot", "hello"}};
  const json resumed = json::parse(WelcomeFrame("tok", "Hello", {}, &history));
  EXPECT_EQ(resumed["history"],
            json::parse(R"([{"role":"user","text":"hi"},{"role":"bot","text":"hello"}])"));
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
  EXPECT_EQ(json::parse(ErrorFrame({"invalid_json", "Bad."})),
            json::parse(R"({"type":"error","code":"invalid_json","message":"Bad."})"));
}

TEST(Frames, InvalidUtf8IsReplacedNotThrown) {
  const json frame = json::parse(ErrorFrame({"x", "bad \xFF byte"}));
  EXPECT_EQ(frame["code"], "x");
}

// Issue #20, finding 12: a store's failure reaches the client by its code,
// never with SQLite's or the system's words; the client's own mistakes are
// told as they are.
TEST(ClientFacingError, HidesTheServersDetails) {
  const bot::Error hidden = ClientFacingError({"store_unavailable", "commit: database or disk is full"});
  EXPECT_EQ(hidden.code, "store_unavailable");
  EXPECT_EQ(hidden.message.find("disk"), std::string::npos) << hidden.message;
  EXPECT_EQ(ClientFacingError({"too_long", "The message is longer than 2000 characters."}).message,
            "The message is longer than 2000 characters.");
}

TEST(CheckMessageText, RefusesInvalidUtf8BlankAndLongText) {
  EXPECT_EQ(CheckMessageText("what is zonulin", 100), std::nullopt);
  EXPECT_EQ(CheckMessageText("bad \xff", 100)->code, "invalid_utf8");
  EXPECT_EQ(CheckMessageText(" \t\r\n", 100)->code, "empty_text");
  EXPECT_EQ(CheckMessageText("\xc3\xbc\xc3\xbc\xc3\xbc", 2)->code, "too_long");
}

}  // namespace
}  // namespace gutbot::adapters
