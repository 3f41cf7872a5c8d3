// The server in production (issue #6), against the real binary: every limit
// crossed while other clients go on being served, the Origin allow-list and
// CORS, the admin API, reloading the knowledge base under traffic, the FAQ
// document, /metrics read back, and SIGTERM in the middle of traffic.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "server_process.h"
#include "stored_turns.h"
#include "ws_client.h"

namespace gutbot::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kRepoRoot = fs::path(GUTBOT_TEST_DATA).parent_path().string();
const std::string kAdminToken = "test-admin-token-0123456789";

// The server's settings: small limits, with `overrides` applied.
json LimitedSettings(const json& overrides) {
  json settings = {{"max_connections_per_address", 6},
                   {"http_requests_per_second", 1},
                   {"http_burst", 3},
                   {"allowed_origins", {"https://shop.example"}},
                   {"admin_token", kAdminToken},
                   {"http_read_timeout", 1}};
  settings.update(overrides);
  return settings;
}

// A server with small limits, its own database and configuration file.
// The settings are an object_t: with a json, LimitedServer({{"key", 1}})
// would be ambiguous with the (deleted) copy constructor.
class LimitedServer : public ConfiguredServer {
 public:
  explicit LimitedServer(const json::object_t& server_settings,
                         const std::string& kb = kRepoRoot + "/knowledge/leaky-gut")
      : ConfiguredServer(GUTBOT_BINARY, kRepoRoot,
                         json{{"server", LimitedSettings(server_settings)}}.dump(), {"--kb", kb}) {}
};

// `prefix` followed by `rest`; GCC 12 misreports "literal" + std::string (-Wrestrict).
std::string Cat(std::string prefix, const std::string& rest) {
  prefix += rest;
  return prefix;
}

HttpHeaders Admin() { return {{"Authorization", Cat("Bearer ", kAdminToken)}}; }

// Opens a WebSocket, reads the welcome, and checks a question is answered.
std::unique_ptr<WsClient> Chatting(unsigned short port) {
  auto client = std::make_unique<WsClient>(port);
  EXPECT_EQ(client->read_json().value("type", ""), "welcome");
  return client;
}

void ExpectAnswered(WsClient& client, const std::string& id) {
  client.send_message("what is zonulin", id);
  const json reply = client.read_json();
  EXPECT_EQ(reply.value("type", ""), "reply") << reply.dump();
  EXPECT_EQ(reply.value("reply_to", ""), id);
}

TEST(ServerLimits, ConnectionsPerAddressAreCappedAndOthersKeepTalking) {
  LimitedServer server(json::object());
  std::vector<std::unique_ptr<WsClient>> open;
  for (int i = 0; i < 6; ++i) open.push_back(Chatting(server.port()));
  // The seventh connection from this address is refused at once.
  const HttpResponse refused = HttpRequest(server.port(), "GET", "/healthz");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(json::parse(refused.body).value("code", ""), "too_many_connections");
  EXPECT_THROW(WsClient(server.port()), std::runtime_error);
  ExpectAnswered(*open[0], "still-served");
  open.pop_back();
  // A closed connection frees its place (the server sees the close first).
  bool admitted = false;
  for (int i = 0; i < 50 && !admitted; ++i) {
    admitted = HttpRequest(server.port(), "GET", "/healthz").status == 200;
    if (!admitted) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(admitted);
  open.clear();
  // Once the server has seen the closes, /metrics gets a place too.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_GE(ScrapeMetrics(server.port())["gutbot_rejected_total{reason=\"too_many_connections\"}"],
            2);
}

TEST(ServerLimits, TheApiRateIsLimitedPerAddressWith429) {
  LimitedServer server(json::object());
  auto chatting = Chatting(server.port());
  int ok = 0, limited = 0;
  HttpResponse last;
  for (int i = 0; i < 6; ++i) {
    last = HttpRequest(server.port(), "POST", "/v1/ask", R"({"text":"what is zonulin"})");
    (last.status == 200 ? ok : limited) += 1;
    if (last.status == 429) {
      EXPECT_EQ(json::parse(last.body).value("code", ""), "rate_limited");
      EXPECT_EQ(last.headers.at("retry-after"), "1");
    }
  }
  EXPECT_GE(ok, 3);
  EXPECT_GE(limited, 2);
  // The WebSocket session has its own allowance and goes on.
  ExpectAnswered(*chatting, "ws-ok");
  EXPECT_EQ(HttpRequest(server.port(), "GET", "/healthz").status, 200);
}

// Issue #20, finding 1: behind a trusted proxy (a CIDR range), the client it
// names is the one counted, for WebSockets and for the /v1 rate.
TEST(ServerLimits, BehindATrustedProxyEachClientIsCountedAndOthersKeepTalking) {
  LimitedServer server(json{{"trusted_proxies", {"10.0.0.0/8", "127.0.0.0/8"}}});
  const HttpHeaders attacker = {{"X-Forwarded-For", "203.0.113.9"}};
  const HttpHeaders bystander = {{"X-Forwarded-For", "198.51.100.7, 127.0.0.1"}};
  std::vector<std::unique_ptr<WsClient>> open;
  for (int i = 0; i < 6; ++i) {
    open.push_back(std::make_unique<WsClient>(server.port(), "/ws", attacker));
    ASSERT_EQ(open.back()->read_json().value("type", ""), "welcome");
  }
  EXPECT_THROW(WsClient(server.port(), "/ws", attacker), std::runtime_error);
  WsClient other(server.port(), "/ws", bystander);
  ASSERT_EQ(other.read_json().value("type", ""), "welcome");
  ExpectAnswered(other, "bystander-ws");
  // Behind the proxy's TLS, the page's origin is https: the proxy says so.
  const std::string page = Cat("https://127.0.0.1:", std::to_string(server.port()));
  WsClient secure(
      server.port(), "/ws",
      {{"Origin", page}, {"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "192.0.2.44"}});
  EXPECT_EQ(secure.read_json().value("type", ""), "welcome");

  int limited = 0;
  for (int i = 0; i < 6; ++i) {
    limited +=
        HttpRequest(server.port(), "POST", "/v1/ask", R"({"text":"hi"})", attacker).status == 429;
  }
  EXPECT_GE(limited, 2);
  EXPECT_EQ(
      HttpRequest(server.port(), "POST", "/v1/ask", R"({"text":"what is zonulin"})", bystander)
          .status,
      200);
}

// Issue #20, finding 6: connections refused by a full server are answered
// and closed at once, holding no descriptor while their clients keep their
// end open; the probes still get their answer, the open chats theirs.
TEST(ServerLimits, RefusedConnectionsAreClosedAtOnceAndTheProbesStillAnswer) {
  LimitedServer server(json{{"max_connections", 4},
                            {"health_connections", 2},
                            {"health_read_timeout", 1},
                            {"max_connections_per_address", 100}});
  std::vector<std::unique_ptr<WsClient>> open;
  for (int i = 0; i < 4; ++i) open.push_back(Chatting(server.port()));
  const fs::path fds = "/proc/" + std::to_string(server.process().pid()) + "/fd";
  const auto descriptors = [&fds] {
    return std::distance(fs::directory_iterator(fds), fs::directory_iterator());
  };
  const auto before = descriptors();
  namespace net = boost::asio;
  net::io_context ioc;
  std::vector<net::ip::tcp::socket> refused;
  for (int i = 0; i < 50; ++i) {
    net::ip::tcp::socket& socket = refused.emplace_back(ioc);
    socket.connect({net::ip::make_address("127.0.0.1"), server.port()});
    net::write(socket, net::buffer(std::string("GET /v1/faq HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
    std::string answer;
    boost::system::error_code ec;
    net::read(socket, net::dynamic_buffer(answer), ec);  // to the server's close
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 503")) << answer;
    EXPECT_NE(answer.find("server_full"), std::string::npos) << answer;
  }
  // Each client still holds its socket; the server holds none of them.
  EXPECT_LE(descriptors(), before + 5);
  // Clients that take the probes' places and say nothing lose them.
  for (int i = 0; i < 2; ++i) {
    net::ip::tcp::socket& silent = refused.emplace_back(ioc);
    silent.connect({net::ip::make_address("127.0.0.1"), server.port()});
  }
  for (std::size_t i = refused.size() - 2; i < refused.size(); ++i) {
    std::string nothing;
    boost::system::error_code ec;
    net::read(refused[i], net::dynamic_buffer(nothing), ec);  // closed after health_read_timeout
    EXPECT_EQ(nothing, "");
  }
  EXPECT_EQ(HttpRequest(server.port(), "GET", "/healthz").status, 200);
  EXPECT_EQ(HttpRequest(server.port(), "GET", "/readyz").status, 200);
  ExpectAnswered(*open[0], "still-served");
}

// Issue #20, finding 3: one address cannot start conversations without end,
// on /v1/chat or /ws; another address still can.
TEST(ServerLimits, NewConversationsPerAddressAreLimited) {
  LimitedServer server(json{{"trusted_proxies", {"127.0.0.1"}},
                            {"new_conversations_per_hour", 3},
                            {"http_requests_per_second", 100},
                            {"http_burst", 100}});
  const HttpHeaders attacker = {{"X-Forwarded-For", "203.0.113.9"}};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(HttpRequest(server.port(), "POST", "/v1/chat", R"({"text":"hi"})", attacker).status,
              200);
  }
  const HttpResponse refused =
      HttpRequest(server.port(), "POST", "/v1/chat", R"({"text":"hi"})", attacker);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(json::parse(refused.body).value("code", ""), "too_many_conversations");
  // Over /ws a conversation is new once a session issued there sends its
  // first message (a widget resuming by a frame was issued one first).
  WsClient refused_ws(server.port(), "/ws", attacker);
  ASSERT_EQ(refused_ws.read_json().value("type", ""), "welcome");
  refused_ws.send_message("hi");
  EXPECT_EQ(refused_ws.read_json().value("code", ""), "too_many_conversations");
  EXPECT_EQ(refused_ws.read_close_code(), 1008);
  WsClient bystander(server.port(), "/ws", {{"X-Forwarded-For", "198.51.100.7"}});
  ASSERT_EQ(bystander.read_json().value("type", ""), "welcome");
  ExpectAnswered(bystander, "bystander");
}

// A client that starts a request and stalls gets 408 and is closed.
TEST(ServerLimits, AStalledRequestGets408) {
  LimitedServer server(json::object());
  namespace net = boost::asio;
  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  socket.connect({net::ip::make_address("127.0.0.1"), server.port()});
  const timeval ten_seconds{10, 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &ten_seconds, sizeof ten_seconds);
  const std::string partial =
      "POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"te";
  net::write(socket, net::buffer(partial));
  std::string answer(4096, '\0');
  boost::system::error_code ec;
  const std::size_t n = socket.read_some(net::buffer(answer), ec);
  ASSERT_FALSE(ec) << ec.message();
  answer.resize(n);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 408")) << answer;
  EXPECT_NE(answer.find("request_timeout"), std::string::npos) << answer;
  auto other = Chatting(server.port());
  ExpectAnswered(*other, "after-slowloris");
}

TEST(ServerLimits, OnlyAllowedOriginsOpenTheChatOrCallTheApi) {
  LimitedServer server(json::object());
  EXPECT_THROW(WsClient(server.port(), "/ws", {{"Origin", "https://evil.example"}}),
               std::runtime_error);
  WsClient allowed(server.port(), "/ws", {{"Origin", "https://shop.example"}});
  EXPECT_EQ(allowed.read_json().value("type", ""), "welcome");
  WsClient same_site(server.port(), "/ws",
                     {{"Origin", Cat("http://127.0.0.1:", std::to_string(server.port()))}});
  EXPECT_EQ(same_site.read_json().value("type", ""), "welcome");
  // The same host and port under another scheme is another origin.
  EXPECT_THROW(WsClient(server.port(), "/ws",
                        {{"Origin", Cat("https://127.0.0.1:", std::to_string(server.port()))}}),
               std::runtime_error);

  const HttpResponse evil = HttpRequest(server.port(), "POST", "/v1/ask", R"({"text":"hi"})",
                                        {{"Origin", "https://evil.example"}});
  EXPECT_EQ(evil.status, 403);
  EXPECT_EQ(json::parse(evil.body).value("code", ""), "origin_not_allowed");
  EXPECT_EQ(evil.headers.count("access-control-allow-origin"), 0u);

  const HttpResponse shop =
      HttpRequest(server.port(), "POST", "/v1/ask", R"({"text":"what is zonulin"})",
                  {{"Origin", "https://shop.example"}});
  EXPECT_EQ(shop.status, 200);
  EXPECT_EQ(shop.headers.at("access-control-allow-origin"), "https://shop.example");
  EXPECT_EQ(shop.headers.at("vary"), "Origin");

  const HttpResponse preflight =
      HttpRequest(server.port(), "OPTIONS", "/v1/chat", "",
                  {{"Origin", "https://shop.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers.at("access-control-allow-origin"), "https://shop.example");
  EXPECT_NE(preflight.headers.at("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_NE(preflight.headers.at("access-control-allow-headers").find("Content-Type"),
            std::string::npos);
  EXPECT_GE(ScrapeMetrics(server.port())["gutbot_rejected_total{reason=\"origin_not_allowed\"}"],
            2);
}

TEST(ServerLimits, AnExpiredSessionGetsItsErrorAndAFreshSession) {
  LimitedServer server(json{{"session_max_age", 1}});
  std::string token;
  {
    WsClient client(server.port());
    token = client.read_json().value("session", "");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  WsClient client(server.port(), Cat("/ws?session=", token));
  const json error = client.read_json();
  EXPECT_EQ(error.value("code", ""), "session_expired") << error.dump();
  const json welcome = client.read_json();
  EXPECT_EQ(welcome.value("type", ""), "welcome");
  EXPECT_NE(SessionUser(welcome.value("session", "")), SessionUser(token));
}

TEST(ServerAdmin, RefusesMissingOrWrongTokens) {
  LimitedServer server(json{{"http_requests_per_second", 100}});
  EXPECT_EQ(HttpRequest(server.port(), "POST", "/admin/reload").status, 401);
  const HttpResponse wrong = HttpRequest(server.port(), "GET", "/admin/unanswered", "",
                                         {{"Authorization", Cat("Bearer ", kAdminToken) + "x"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.headers.at("www-authenticate"), "Bearer");
}

TEST(ServerAdmin, ReportsUnansweredQuestionsForgetsAndExportsAUser) {
  LimitedServer server(json{{"http_requests_per_second", 100}});
  WsClient client(server.port());
  const std::string token = client.read_json().value("session", "");
  for (const char* text :
       {"who won the world cup in 1998?", "Who won the World Cup in 1998", "what is zonulin"}) {
    client.send_message(text);
    ASSERT_EQ(client.read_json().value("type", ""), "reply");
  }
  const HttpResponse report =
      HttpRequest(server.port(), "GET", "/admin/unanswered?limit=5", "", Admin());
  ASSERT_EQ(report.status, 200) << report.body;
  const json questions = json::parse(report.body)["questions"];
  ASSERT_EQ(questions.size(), 1u) << report.body;
  EXPECT_EQ(questions[0]["text"], "who won the world cup in 1998");
  EXPECT_EQ(questions[0]["example"], "Who won the World Cup in 1998");
  EXPECT_EQ(questions[0]["count"], 2);
  EXPECT_EQ(questions[0]["coverage"], "none");
  const HttpResponse lines =
      HttpRequest(server.port(), "GET", "/admin/unanswered?format=jsonl", "", Admin());
  ASSERT_EQ(lines.status, 200);
  EXPECT_EQ(lines.headers.at("content-type"), "application/x-ndjson");
  EXPECT_EQ(lines.body, "{\"intents\":[],\"text\":\"Who won the World Cup in 1998\"}\n");
  const HttpResponse figures =
      HttpRequest(server.port(), "GET", "/admin/report?days=2", "", Admin());
  ASSERT_EQ(figures.status, 200) << figures.body;
  const json usage = json::parse(figures.body);
  EXPECT_EQ(usage["per_day"].size(), 2u);
  EXPECT_EQ(usage["totals"]["messages"], 3);
  EXPECT_EQ(usage["totals"]["none"], 2);
  EXPECT_EQ(HttpRequest(server.port(), "GET", "/admin/report").status, 401);

  const json by_session = {{"session", token}};
  const HttpResponse exported =
      HttpRequest(server.port(), "POST", "/admin/export", by_session.dump(), Admin());
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(json::parse(exported.body)["turns"].size(), 3u);
  const HttpResponse forgotten =
      HttpRequest(server.port(), "POST", "/admin/forget", by_session.dump(), Admin());
  ASSERT_EQ(forgotten.status, 200) << forgotten.body;
  EXPECT_EQ(json::parse(forgotten.body)["forgotten"], true);
  const HttpResponse again =
      HttpRequest(server.port(), "POST", "/admin/export", by_session.dump(), Admin());
  EXPECT_EQ(json::parse(again.body)["turns"].size(), 0u);
  // Nothing of a forgotten visitor stays in the content owner's records.
  EXPECT_TRUE(
      json::parse(
          HttpRequest(server.port(), "GET", "/admin/unanswered", "", Admin()).body)["questions"]
          .empty());
  EXPECT_EQ(json::parse(HttpRequest(server.port(), "GET", "/admin/report", "", Admin())
                            .body)["totals"]["messages"],
            0);
  const HttpResponse nobody =
      HttpRequest(server.port(), "POST", "/admin/forget", R"({"who":1})", Admin());
  EXPECT_EQ(nobody.status, 400);
}

// A copy of the shipped base the test may break and mend.
fs::path CopyOfKnowledgeBase() {
  const fs::path dir = FreshTempPath("gutbot-kb");
  fs::copy(kRepoRoot + "/knowledge/leaky-gut", dir, fs::copy_options::recursive);
  return dir;
}

void ReplaceInFile(const fs::path& file, const std::string& from, const std::string& to) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  const auto at = content.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  content.replace(at, from.size(), to);
  std::ofstream(file) << content;
}

TEST(ServerReload, ABrokenBaseIsRefusedAGoodOneSwappedInUnderTraffic) {
  const fs::path kb = CopyOfKnowledgeBase();
  LimitedServer server(json{{"http_requests_per_second", 100}}, kb.string());
  // Traffic throughout: every message must be answered.
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, failed{0};
  std::thread traffic([&] {
    WsClient client(server.port());
    client.read_json();
    for (int i = 0; !stop; ++i) {
      client.send_message("how long does healing take", Cat("t", std::to_string(i)));
      const json reply = client.read_json();
      (reply.value("type", "") == "reply" ? answered : failed) += 1;
      std::this_thread::sleep_for(std::chrono::milliseconds(
          250));  // 4 a second: under the WebSocket rate limit however long the test runs
    }
  });

  ReplaceInFile(kb / "kb.json", "{", "{ oops");
  const HttpResponse refused = HttpRequest(server.port(), "POST", "/admin/reload", "", Admin());
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(json::parse(refused.body).value("code", ""), "invalid_knowledge_base");
  ReplaceInFile(kb / "kb.json", "{ oops", "{");

  // Added to the answer, not replacing it: the short answer must still name its facts.
  const std::string marker = "Reloaded by SIGHUP.";
  const json old_answer = json::parse(
      HttpRequest(server.port(), "POST", "/v1/ask", R"({"text":"how long does healing take"})")
          .body);
  ASSERT_EQ(old_answer.value("topic", ""), "healing_time") << old_answer.dump();
  // Rewrite that topic's short answer in the copy, then reload by SIGHUP.
  std::string short_answer;
  for (const auto& entry : fs::directory_iterator(kb / "topics")) {
    std::ifstream in(entry.path());
    const json topics = json::parse(in, nullptr, true, true);
    for (const auto& topic : topics["topics"]) {
      if (topic.value("id", "") == "healing_time") {
        short_answer = topic.value("short", topic.value("short_answer", ""));
        ReplaceInFile(entry.path(), json(short_answer).dump(),
                      json(short_answer + " " + marker).dump());
      }
    }
  }
  ASSERT_FALSE(short_answer.empty());
  ::kill(server.process().pid(), SIGHUP);
  bool swapped = false;
  for (int i = 0; i < 300 && !swapped;
       ++i) {  // a sanitized build takes seconds to rebuild the model
    const json reply = json::parse(
        HttpRequest(server.port(), "POST", "/v1/ask", R"({"text":"how long does healing take"})")
            .body);
    swapped = reply.value("text", "").find(marker) != std::string::npos;
    if (!swapped) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(swapped);
  const HttpResponse reloaded = HttpRequest(server.port(), "POST", "/admin/reload", "", Admin());
  EXPECT_EQ(reloaded.status, 200) << reloaded.body;
  EXPECT_GT(json::parse(reloaded.body).value("topics", 0), 50);

  stop = true;
  traffic.join();
  EXPECT_GT(answered.load(), 0);
  EXPECT_EQ(failed.load(), 0);
  const auto metrics = ScrapeMetrics(server.port());
  EXPECT_EQ(metrics.at("gutbot_knowledge_reloads_total{result=\"refused\"}"), 1);
  EXPECT_EQ(metrics.at("gutbot_knowledge_reloads_total{result=\"ok\"}"), 2);
  fs::remove_all(kb);
}

TEST(ServerFaq, ListsTheBaseWithReferencesAndAnETag) {
  LimitedServer server(json{{"http_requests_per_second", 100}});
  const HttpResponse faq = HttpRequest(server.port(), "GET", "/v1/faq");
  ASSERT_EQ(faq.status, 200);
  const json doc = json::parse(faq.body);
  ASSERT_GT(doc["entries"].size(), 40u);
  for (const auto& entry : doc["entries"]) {
    EXPECT_FALSE(entry.value("question", "").empty());
    EXPECT_FALSE(entry.value("answer", "").empty());
    EXPECT_NE(entry.value("intent", ""), "greeting");
  }
  const std::string etag = faq.headers.at("etag");
  EXPECT_EQ(etag.front(), '"');
  EXPECT_NE(faq.headers.at("cache-control").find("max-age"), std::string::npos);
  const HttpResponse again =
      HttpRequest(server.port(), "GET", "/v1/faq", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST(ServerFaq, ServesThePageAndTheBlockWithETags) {
  const fs::path kb = CopyOfKnowledgeBase();
  LimitedServer server(json{{"http_requests_per_second", 100}}, kb.string());
  const HttpResponse page = HttpRequest(server.port(), "GET", "/faq");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("id=\"cause_stress\""), std::string::npos);
  EXPECT_NE(page.body.find("\"@type\":\"FAQPage\""), std::string::npos);
  EXPECT_NE(page.headers.at("content-security-policy").find("script-src 'self'"),
            std::string::npos);
  const std::string etag = page.headers.at("etag");
  EXPECT_EQ(HttpRequest(server.port(), "GET", "/faq", "", {{"If-None-Match", etag}}).status, 304);

  const HttpResponse script = HttpRequest(server.port(), "GET", "/faq.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "application/javascript; charset=utf-8");
  EXPECT_NE(script.body.find("v1/ask"), std::string::npos);
  EXPECT_EQ(HttpRequest(server.port(), "GET", "/faq.js", "",
                        {{"If-None-Match", script.headers.at("etag")}})
                .status,
            304);

  // A reloaded base with a hostile title: a new page, its text escaped.
  ReplaceInFile(kb / "topics/causes.json", "\"Can stress or over-training cause leaky gut?\"",
                "\"Stress </script><b>and</b> over-training\"");
  ASSERT_EQ(HttpRequest(server.port(), "POST", "/admin/reload", "", Admin()).status, 200);
  const HttpResponse reloaded =
      HttpRequest(server.port(), "GET", "/faq", "", {{"If-None-Match", etag}});
  ASSERT_EQ(reloaded.status, 200);
  EXPECT_NE(reloaded.headers.at("etag"), etag);
  EXPECT_NE(reloaded.body.find("Stress &lt;/script&gt;&lt;b&gt;and&lt;/b&gt; over-training"),
            std::string::npos);
  EXPECT_EQ(reloaded.body.find("<b>and"), std::string::npos);
  fs::remove_all(kb);
}

TEST(ServerMetrics, CountMessagesRejectionsAndLatency) {
  LimitedServer server(json{
      {"max_messages_per_second", 1}, {"message_burst", 2}, {"http_requests_per_second", 100}});
  WsClient client(server.port());
  client.read_json();
  for (int i = 0; i < 4; ++i) client.send_message("what is leaky gut", Cat("m", std::to_string(i)));
  int replies = 0, limited = 0;
  for (int i = 0; i < 4; ++i) {
    const json frame = client.read_json();
    (frame.value("type", "") == "reply" ? replies : limited) += 1;
  }
  EXPECT_EQ(HttpRequest(server.port(), "GET", "/readyz").status, 200);
  const auto metrics = ScrapeMetrics(server.port());
  EXPECT_EQ(metrics.at("gutbot_messages_total{channel=\"ws\",intent=\"what_is_leaky_gut\"}"),
            replies);
  EXPECT_EQ(metrics.at("gutbot_rejected_total{reason=\"rate_limited\"}"), limited);
  EXPECT_EQ(metrics.at("gutbot_reply_seconds_count"), replies);
  EXPECT_GE(metrics.at("gutbot_store_commit_seconds_count"), 1);
  EXPECT_GE(metrics.at("gutbot_open_connections"), 1);
  EXPECT_EQ(metrics.at("gutbot_engine_queue_depth"), 0);
}

// Issue #20, finding 10: /metrics (urgent replies counted) is for the
// operator's scraper: its own token, or a local scraper talking directly.
TEST(ServerMetrics, OnlyTheOperatorsScraperReadsThem) {
  {
    LimitedServer server(json::object());
    EXPECT_EQ(
        HttpRequest(server.port(), "GET", "/metrics", "", {{"X-Forwarded-For", "203.0.113.5"}})
            .status,
        403);
    EXPECT_EQ(HttpRequest(server.port(), "GET", "/metrics").status, 200);
  }
  LimitedServer server(json{{"metrics_token", "scrape-token-0123"}});
  const HttpResponse anonymous = HttpRequest(server.port(), "GET", "/metrics");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body.find("gutbot_"), std::string::npos);
  const HttpResponse scraper = HttpRequest(server.port(), "GET", "/metrics", "",
                                           {{"Authorization", "Bearer scrape-token-0123"}});
  EXPECT_EQ(scraper.status, 200);
  EXPECT_NE(scraper.body.find("gutbot_open_connections"), std::string::npos);
  EXPECT_EQ(HttpRequest(server.port(), "GET", "/healthz").status, 200);
}

// Issue #20, finding 11: the demo page and the widget carry their security
// headers; other sites may frame the page only where the operator says.
TEST(ServerPages, StaticResponsesCarryTheSecurityHeaders) {
  LimitedServer server(json{{"frame_ancestors", "'self' https://shop.example"}});
  const HttpResponse page = HttpRequest(server.port(), "GET", "/");
  ASSERT_EQ(page.status, 200);
  const std::string& policy = page.headers.at("content-security-policy");
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("frame-ancestors 'self' https://shop.example"), std::string::npos)
      << policy;
  EXPECT_EQ(page.headers.at("x-content-type-options"), "nosniff");
  EXPECT_EQ(page.headers.at("referrer-policy"), "no-referrer");
  const HttpResponse widget = HttpRequest(server.port(), "GET", "/widget.js");
  ASSERT_EQ(widget.status, 200);
  EXPECT_EQ(widget.headers.at("x-content-type-options"), "nosniff");
  EXPECT_TRUE(widget.headers.contains("content-security-policy"));
}

// Issue #23: the content owner's console is a page of the server's own,
// never framed or cached; it holds no data, and the reports behind it answer
// only the admin token.
TEST(ServerPages, ConsoleIsServedAndItsReportsNeedTheToken) {
  LimitedServer server(json::object());
  for (const char* path : {"/admin", "/admin.js"}) {
    const HttpResponse file = HttpRequest(server.port(), "GET", path);
    ASSERT_EQ(file.status, 200) << path;
    const std::string& policy = file.headers.at("content-security-policy");
    EXPECT_NE(policy.find("script-src 'self';"), std::string::npos) << policy;
    EXPECT_NE(policy.find("connect-src 'self'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
    EXPECT_EQ(file.headers.at("cache-control"), "no-store") << path;
    EXPECT_EQ(file.headers.at("x-content-type-options"), "nosniff") << path;
  }
  const HttpResponse page = HttpRequest(server.port(), "GET", "/admin");
  EXPECT_NE(page.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("src=\"/admin.js\""), std::string::npos);
  EXPECT_NE(HttpRequest(server.port(), "GET", "/admin.js").content_type.find("javascript"),
            std::string::npos);
  for (const char* report : {"/admin/report", "/admin/unanswered", "/admin/feedback"}) {
    EXPECT_EQ(HttpRequest(server.port(), "GET", report).status, 401) << report;
    EXPECT_EQ(HttpRequest(server.port(), "GET", report, "",
                          {{"Authorization", Cat("Bearer ", kAdminToken) + "x"}})
                  .status,
              401)
        << report;
  }
}

// SIGTERM while clients chat: every reply a client got is a stored turn,
// and every stored turn's reply reached its client before the 1001 close.
TEST(ServerShutdown, SigtermDuringTrafficLosesNoTurn) {
  LimitedServer server(json{{"http_requests_per_second", 100}});
  constexpr int kClients = 5;
  std::vector<std::unique_ptr<WsClient>> clients;
  std::vector<std::string> tokens;
  for (int c = 0; c < kClients; ++c) {
    clients.push_back(std::make_unique<WsClient>(server.port()));
    tokens.push_back(clients.back()->read_json().value("session", ""));
  }
  for (int c = 0; c < kClients; ++c) {
    for (int i = 0; i < 3; ++i)
      clients[c]->send_message("what causes leaky gut", Cat("c", std::to_string(i)));
  }
  server.process().terminate();
  std::vector<int> received(kClients, 0);
  for (int c = 0; c < kClients; ++c) {
    std::vector<json> frames;
    EXPECT_EQ(clients[c]->read_close_code(&frames), 1001);
    for (const auto& f : frames) received[c] += f.value("type", "") == "reply";
  }
  EXPECT_EQ(server.process().wait(), 0) << server.process().log();
  for (int c = 0; c < kClients; ++c) {
    const std::string id = SessionUser(tokens[c]);
    // The CLI reads the stored conversation straight from the file.
    const std::string out = FreshTempPath("gutbot-export");
    const std::string command =
        std::string(GUTBOT_BINARY) + " export " + id + " --db " + server.db() + " > " + out;
    ASSERT_EQ(std::system(command.c_str()), 0);
    std::ifstream in(out);
    const json exported = json::parse(in);
    EXPECT_EQ(static_cast<int>(exported["turns"].size()), received[c]) << exported.dump();
    fs::remove(out);
  }
}

// Message texts are health data: the per-turn debug line leaves them out
// unless server.log_message_text says otherwise.
TEST(ServerLogs, TurnsAreLoggedWithoutWhatUsersWroteUnlessAsked) {
  for (const bool with_text : {false, true}) {
    const json config = {{"log", {{"level", "debug"}}},
                         {"server", {{"log_message_text", with_text}}}};
    ConfiguredServer server(GUTBOT_BINARY, kRepoRoot, config.dump());
    WsClient client(server.port());
    client.read_json();
    client.send_message("what is zonulin exactly");
    ASSERT_EQ(client.read_json().value("type", ""), "reply");
    std::string log;
    for (int i = 0; i < 50 && log.find("\"event\":\"turn\"") == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      log = server.process().log();
    }
    EXPECT_NE(log.find("\"event\":\"turn\""), std::string::npos) << log;
    EXPECT_NE(log.find("\"intent\":\"zonulin\""), std::string::npos) << log;
    EXPECT_EQ(log.find("what is zonulin exactly") != std::string::npos, with_text) << log;
  }
}

}  // namespace
}  // namespace gutbot::testing
