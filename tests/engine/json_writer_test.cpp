#include "bot/common/json_writer.h"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "bot/engine/conversation_state.h"
#include "bot/engine/message.h"

namespace gutbot::bot {
namespace {

using nlohmann::json;

std::string Quoted(std::string_view text) { return JsonWriter().value(text).take(); }

TEST(JsonWriter, WritesNestedObjectsAndArrays) {
  JsonWriter w;
  w.begin_object();
  w.key("a").value(std::int64_t{-3});
  w.key("b").begin_array().value(true).value(false).begin_object().end_object().end_array();
  w.key("c").array(std::vector<std::string>{"x", "y"});
  w.key("d").value(0.25);
  w.key("e").begin_object().key("f").array(std::vector<int>{}).end_object();
  w.end_object();
  EXPECT_EQ(w.take(), R"({"a":-3,"b":[true,false,{}],"c":["x","y"],"d":0.25,"e":{"f":[]}})");
  EXPECT_EQ(w.take(), "");  // empty after take
}

TEST(JsonWriter, EscapesStringsAsNlohmannDoes) {
  for (const std::string& text :
       {std::string("plain"), std::string("say \"hi\" \\ bye"), std::string("tab\tnew\nline\r\b\f"),
        std::string("\x01\x1f\x7f", 3), std::string("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80"),
        std::string("nul\0in", 6)}) {
    EXPECT_EQ(Quoted(text), json(text).dump()) << text;
  }
}

TEST(JsonWriter, ReplacesInvalidUtf8SoTheTextStaysJson) {
  const std::string cases[] = {"\xFF",
                               "a\xC3",
                               "\xC0\xAF" /* overlong */,
                               "\xED\xA0\x80" /* surrogate */,
                               "\xF4\x90\x80\x80" /* past U+10FFFF */,
                               "\xE2\x82" /* cut short */,
                               "ok\x80ok"};
  for (const std::string& text : cases) {
    const std::string written = Quoted(text);
    const json parsed = json::parse(written, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << written;
    EXPECT_NE(parsed.get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << written;
  }
}

TEST(JsonWriter, NonFiniteNumbersAreNull) {
  EXPECT_EQ(JsonWriter().value(std::numeric_limits<double>::infinity()).take(), "null");
}

TEST(JsonWriter, TheStateAndTheReplyReadBackAsWritten) {
  ConversationState state;
  state.discussed("zonulin");
  state.discussed("diet");
  state.offer = "diet";
  state.fallbacks = 2;
  state.disclaimer_shown = true;
  state.reported["symptom"] = {"bloating", "brain_fog"};
  state.groups = {"child"};
  state.remember_client_id("m-\"1\"");
  const std::string text = Serialize(state);
  EXPECT_EQ(Serialize(ParseState(text)), text);
  EXPECT_EQ(ParseState(text).reported, state.reported);

  Reply reply;
  reply.text = "Zonulin opens the gut's tight junctions.\n\nSource: [7]";
  reply.intent = "zonulin";
  reply.topic = "zonulin";
  reply.confidence = 0.9224640727043152;
  reply.suggestions = {"What raises zonulin?"};
  reply.citations = {7, 8};
  reply.reply_to = "client-9";
  EXPECT_EQ(json::parse(EncodeReply(reply)), ToJson(reply));
  reply.reply_to.clear();
  EXPECT_EQ(json::parse(EncodeReply(reply)), ToJson(reply));
  reply.coverage = "partial";
  reply.safety = "dose";
  EXPECT_EQ(json::parse(EncodeReply(reply)), ToJson(reply));
  EXPECT_EQ(ReplyFromJson(ToJson(reply))->safety, "dose");
  EXPECT_EQ(ReplyFromJson(ToJson(reply))->coverage, "partial");
  reply.links = {{"What is \"Leaky Gut\"?", "https://example.org/a?b=1&c=2"}};
  EXPECT_EQ(json::parse(EncodeReply(reply)), ToJson(reply));
  EXPECT_EQ(ReplyFromJson(ToJson(reply))->links, reply.links);
}

}  // namespace
}  // namespace gutbot::bot
