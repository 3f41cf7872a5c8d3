// The widget's side of /ws and its HTTP companions against the real binary:
// the resume frame, the history a resumed welcome carries, and ratings of
// answers (the feedback frame, POST /v1/feedback, GET /admin/feedback).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "http_client.h"
#include "server_process.h"
#include "ws_client.h"

namespace gutbot::testing {
namespace {

using nlohmann::json;

const std::string kRepoRoot = std::filesystem::path(GUTBOT_TEST_DATA).parent_path().string();
constexpr char kAdminToken[] = "widget-test-admin-token";
const std::regex kRfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");

std::string SessionId(const std::string& token) { return token.substr(0, token.find('.')); }

std::string ErrorCode(const json& frame) {
  return frame.value("type", "") == "error" ? frame.value("code", "") : frame.dump();
}

class WidgetProtocol : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const json config = {{"server", {{"admin_token", kAdminToken}, {"max_comment_chars", 20}}}};
    server_ = std::make_unique<ConfiguredServer>(GUTBOT_BINARY, kRepoRoot, config.dump());
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) {
      EXPECT_EQ(server_->process().stop(), 0) << server_->process().log();
    }
    server_.reset();
  }

  static unsigned short port() { return server_->port(); }

  // A new connection past its welcome, whose token goes to `token`.
  static std::unique_ptr<WsClient> Open(std::string* token = nullptr) {
    auto client = std::make_unique<WsClient>(port());
    const json welcome = client->read_json();
    EXPECT_EQ(welcome.value("type", ""), "welcome") << welcome.dump();
    if (token != nullptr) *token = welcome.value("session", "");
    return client;
  }

  static json Ask(WsClient& client, const std::string& text, const std::string& id) {
    client.send_message(text, id);
    const json reply = client.read_json();
    EXPECT_EQ(reply.value("reply_to", ""), id) << reply.dump();
    return reply;
  }

  static inline std::unique_ptr<ConfiguredServer> server_;
};

// The token travels in a frame, not the URL; the welcome that answers it
// holds each turn as it was first sent, and the connection goes on in the
// resumed conversation.
TEST_F(WidgetProtocol, ResumeFrameBringsBackTheConversationAsItWasSent) {
  std::string token;
  auto first = Open(&token);
  const json zonulin = Ask(*first, "what is zonulin?", "m1");
  const json urgent = Ask(*first, "i fainted and there was blood in my stool", "m2");
  ASSERT_EQ(urgent.value("safety", ""), "emergency") << urgent.dump();
  ASSERT_FALSE(zonulin["citations"].empty()) << zonulin.dump();

  auto second = Open();
  second->send_text(json{{"type", "resume"}, {"session", token}}.dump());
  const json welcome = second->read_json();
  ASSERT_EQ(welcome.value("type", ""), "welcome") << welcome.dump();
  EXPECT_EQ(SessionId(welcome.value("session", "")), SessionId(token));
  const json& history = welcome["history"];
  ASSERT_EQ(history.size(), 4u) << welcome.dump();
  for (const json& turn : history) {
    EXPECT_TRUE(std::regex_match(turn.value("at", ""), kRfc3339)) << turn.dump();
  }
  EXPECT_EQ(history[0].value("role", ""), "user");
  EXPECT_EQ(history[0].value("id", ""), "m1");
  EXPECT_FALSE(history[0].contains("citations"));
  EXPECT_EQ(history[1].value("role", ""), "bot");
  EXPECT_EQ(history[1].value("id", ""), "m1");
  EXPECT_EQ(history[1]["citations"], zonulin["citations"]);
  EXPECT_EQ(history[1]["suggestions"], zonulin["suggestions"]);
  EXPECT_FALSE(history[1].contains("safety"));
  EXPECT_EQ(history[3].value("safety", ""), "emergency");
  EXPECT_EQ(history[3]["suggestions"], urgent["suggestions"]);

  // "tell me more" is understood in the resumed conversation's context.
  const json more = Ask(*second, "tell me more", "m3");
  EXPECT_EQ(more.value("intent", ""), "more") << more.dump();
}

TEST_F(WidgetProtocol, ABadOrLateResumeIsRefusedAndTheConnectionGoesOn) {
  std::string fresh;
  auto client = Open(&fresh);
  client->send_text(R"({"type":"resume","session":"forged.1.x"})");
  EXPECT_EQ(ErrorCode(client->read_json()), "invalid_session");
  client->send_text(R"({"type":"resume"})");
  EXPECT_EQ(ErrorCode(client->read_json()), "invalid_message");
  Ask(*client, "what is leaky gut?", "m1");
  client->send_text(json{{"type", "resume"}, {"session", fresh}}.dump());
  EXPECT_EQ(ErrorCode(client->read_json()), "resume_too_late");
  Ask(*client, "thanks", "m2");
}

// A rating is answered, kept with its turn in the database file, and listed
// for the content owner; every bad one gets an error naming what is wrong.
TEST_F(WidgetProtocol, FeedbackIsSavedWithItsTurnAndListed) {
  std::string token;
  auto client = Open(&token);
  Ask(*client, "what is zonulin?", "z1");
  Ask(*client, "can stress cause leaky gut?", "s1");

  client->send_text(R"({"type":"feedback","id":"z1","rating":"up"})");
  EXPECT_EQ(client->read_json(), (json{{"type", "feedback_saved"}, {"id", "z1"}}));
  client->send_text(R"({"type":"feedback","id":"nope","rating":"up"})");
  EXPECT_EQ(ErrorCode(client->read_json()), "unknown_id");
  client->send_text(R"({"type":"feedback","id":"z1","rating":"meh"})");
  EXPECT_EQ(ErrorCode(client->read_json()), "invalid_rating");
  client->send_text(
      R"({"type":"feedback","id":"z1","rating":"down","comment":"twenty-one characters"})");
  EXPECT_EQ(ErrorCode(client->read_json()), "comment_too_long");

  const auto post = [](const json& body) {
    return HttpRequest(port(), "POST", "/v1/feedback", body.dump());
  };
  const HttpResponse saved =
      post({{"session", token}, {"id", "s1"}, {"rating", "down"}, {"comment", "no sleep tips"}});
  EXPECT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json::parse(saved.body), (json{{"type", "feedback_saved"}, {"id", "s1"}}));
  const HttpResponse unknown = post({{"session", token}, {"id", "x"}, {"rating", "up"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ErrorCode(json::parse(unknown.body)), "unknown_id");
  const HttpResponse forged = post({{"session", token + "x"}, {"id", "s1"}, {"rating", "up"}});
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(ErrorCode(json::parse(forged.body)), "invalid_session");
  const HttpResponse bad = post({{"session", token}, {"id", "s1"}, {"rating", "5 stars"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorCode(json::parse(bad.body)), "invalid_rating");

  EXPECT_EQ(HttpRequest(port(), "GET", "/admin/feedback").status, 401);
  const HttpResponse listed =
      HttpRequest(port(), "GET", "/admin/feedback?limit=2", "",
                  {{"Authorization", std::string("Bearer ") + kAdminToken}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json ratings = json::parse(listed.body)["ratings"];
  ASSERT_EQ(ratings.size(), 2u) << listed.body;
  EXPECT_EQ(ratings[0].value("question", ""), "can stress cause leaky gut?");
  EXPECT_EQ(ratings[0].value("rating", ""), "down");
  EXPECT_EQ(ratings[0].value("comment", ""), "no sleep tips");
  EXPECT_FALSE(ratings[0].value("answer", "").empty());
  EXPECT_EQ(ratings[0].value("user", ""), SessionId(token));
  EXPECT_EQ(ratings[1].value("question", ""), "what is zonulin?");
  EXPECT_EQ(ratings[1].value("rating", ""), "up");

  // A resumed welcome shows each answer with its rating.
  auto resumed = Open();
  resumed->send_text(json{{"type", "resume"}, {"session", token}}.dump());
  const json history = resumed->read_json()["history"];
  ASSERT_EQ(history.size(), 4u) << history.dump();
  EXPECT_EQ(history[1].value("rating", ""), "up");
  EXPECT_EQ(history[3].value("rating", ""), "down");
  EXPECT_FALSE(history[2].contains("rating"));

  // In the file, on the turn's own row.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(server_->db().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT rating FROM turns WHERE user_text = 'can stress cause leaky gut?'",
                     -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "down");
  sqlite3_finalize(s);
  sqlite3_close(db);
}

}  // namespace
}  // namespace gutbot::testing
