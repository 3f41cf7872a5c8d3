// Two `gutbot serve` instances on one PostgreSQL database behind nginx,
// configured from deploy/nginx/gutbot.conf: a conversation goes on whichever
// instance its messages reach, and survives the death of one of them.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/http_client.h"
#include "tests/integration/server_process.h"
#include "tests/integration/stored_turns.h"
#include "tests/integration/ws_client.h"
#include "tests/support/test_postgres.h"

extern char** environ;

namespace gutbot::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kRepoRoot = fs::path(GUTBOT_TEST_DATA).parent_path();
const char* const kNginx = "/usr/sbin/nginx";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void ReplaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("deploy/nginx/gutbot.conf has no " + from);
  text.replace(at, from.size(), to);
}

// A loopback port that nothing listens on now.
unsigned short FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool Accepts(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

// nginx as one foreground process (no daemon, no workers, so it needs no
// root) serving deploy/nginx/gutbot.conf on a free loopback port, in front
// of the given instance ports. Its configuration, logs and temporary files
// stay in `dir`; the access log names the instance behind each request.
class Nginx {
 public:
  Nginx(const fs::path& dir, const std::vector<unsigned short>& instances)
      : dir_(dir), port_(FreePort()) {
    WriteConfig(dir, instances, port_);
    const std::vector<std::string> args = Command(dir, {});
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (::posix_spawn(&pid_, kNginx, nullptr, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot run nginx");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!Accepts(port_)) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_ ||
          std::chrono::steady_clock::now() > deadline) {
        pid_ = -1;
        throw std::runtime_error("nginx did not start:\n" + error_log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~Nginx() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  unsigned short port() const { return port_; }
  std::string access_log() const { return ReadFile(dir_ / "access.log"); }
  std::string error_log() const { return ReadFile(dir_ / "error.log"); }

  // `nginx -t` on the configuration for `instances`: its exit status and output.
  static std::pair<int, std::string> Check(const fs::path& dir,
                                           const std::vector<unsigned short>& instances) {
    WriteConfig(dir, instances, FreePort());
    std::string command;
    for (const std::string& a : Command(dir, {"-t"})) command += "'" + a + "' ";
    const int status = std::system((command + "2>'" + (dir / "check.log").string() + "'").c_str());
    return {status, ReadFile(dir / "check.log")};
  }

 private:
  static std::vector<std::string> Command(const fs::path& dir, std::vector<std::string> extra) {
    std::vector<std::string> args{kNginx,
                                  "-p",
                                  dir.string() + "/",
                                  "-e",
                                  (dir / "error.log").string(),
                                  "-c",
                                  (dir / "nginx.conf").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  // deploy/nginx/gutbot.conf with loopback addresses, inside a main
  // configuration that keeps every file nginx writes in `dir`.
  static void WriteConfig(const fs::path& dir, const std::vector<unsigned short>& instances,
                          unsigned short port) {
    std::string site = ReadFile(kRepoRoot / "deploy" / "nginx" / "gutbot.conf");
    ReplaceOnce(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port) + ";");
    for (std::size_t i = 0; i < instances.size(); ++i) {
      ReplaceOnce(site, "gutbot-" + std::to_string(i + 1) + ":8080",
                  "127.0.0.1:" + std::to_string(instances[i]));
    }
    fs::create_directories(dir / "temp");
    std::ofstream(dir / "gutbot.conf") << site;
    const std::string d = dir.string();
    std::ofstream(dir / "nginx.conf")
        << "daemon off;\nmaster_process off;\npid " << d << "/nginx.pid;\n"
        << "error_log " << d << "/error.log notice;\n"
        << "events { worker_connections 256; }\n"
        << "http {\n"
        << "  log_format upstream '$request_method $uri $status $upstream_addr';\n"
        << "  access_log " << d << "/access.log upstream;\n"
        << "  client_body_temp_path " << d << "/temp/body;\n"
        << "  proxy_temp_path " << d << "/temp/proxy;\n"
        << "  fastcgi_temp_path " << d << "/temp/fastcgi;\n"
        << "  uwsgi_temp_path " << d << "/temp/uwsgi;\n"
        << "  scgi_temp_path " << d << "/temp/scgi;\n"
        << "  include " << d << "/gutbot.conf;\n"
        << "}\n";
  }

  fs::path dir_;
  unsigned short port_;
  pid_t pid_ = -1;
};

TEST(NginxConfig, PassesNginxCheck) {
  const fs::path dir = FreshTempPath("gutbot-nginx-check");
  const auto [status, output] = Nginx::Check(dir, {8081, 8082});
  EXPECT_EQ(status, 0) << output;
  fs::remove_all(dir);
}

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GUTBOT_TEST_POSTGRES_URL(url);
    const std::string store = FreshSchema(url, SchemaName("cluster"));
    // Both instances sign and check session tokens with one secret.
    ::setenv("GUTBOT_SECRET", "cluster-test-secret-shared-by-both-instances", 1);
    ::setenv("GUTBOT_SERVER_ADMIN_TOKEN", kAdminToken, 1);
    store_ = store;
    for (auto& instance : instances_) instance = start();
    dir_ = FreshTempPath("gutbot-cluster");
    nginx_ = std::make_unique<Nginx>(dir_, std::vector<unsigned short>{port(0), port(1)});
  }
  void TearDown() override {
    nginx_.reset();
    for (auto& instance : instances_) instance.reset();
    fs::remove_all(dir_);
  }

  unsigned short port(int i) const { return instances_[i]->port(); }

  std::unique_ptr<ServerProcess> start() const {
    return std::make_unique<ServerProcess>(
        GUTBOT_BINARY, std::vector<std::string>{"serve", "--port", "0", "--db", store_}, kRepoRoot);
  }

  // An admin report from the instance at `port`.
  static json admin(unsigned short port, const std::string& target) {
    const HttpResponse response = HttpRequest(
        port, "GET", target, "", {{"Authorization", std::string("Bearer ") + kAdminToken}});
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }

  // The instance ports that answered the requests for `uri`, in order, from
  // nginx's access log (a request that tried two instances names both, the
  // one that answered last).
  std::vector<unsigned short> served_by(const std::string& uri) const {
    std::vector<unsigned short> ports;
    std::istringstream log(nginx_->access_log());
    for (std::string line; std::getline(log, line);) {
      std::istringstream fields(line);
      std::string method, path;
      fields >> method >> path;
      if (path == uri)
        ports.push_back(static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1))));
    }
    return ports;
  }

  json chat(const std::string& session, const std::string& text) {
    json request{{"text", text}};
    if (!session.empty()) request["session"] = session;
    const HttpResponse response = HttpRequest(nginx_->port(), "POST", "/v1/chat", request.dump());
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body);
  }

  static constexpr const char* kAdminToken = "cluster-test-admin-token";
  std::string store_;
  std::unique_ptr<ServerProcess> instances_[2];
  fs::path dir_;
  std::unique_ptr<Nginx> nginx_;
};

TEST_F(ClusterTest, ConversationKeepsItsContextOnEitherInstance) {
  const json first = chat("", "what is zonulin?");
  const std::string session = first.value("session", "");
  ASSERT_FALSE(session.empty()) << first.dump();
  EXPECT_EQ(first.value("intent", ""), "zonulin") << first.dump();

  const json more = chat(session, "tell me more");
  EXPECT_EQ(more.value("intent", ""), "more") << more.dump();
  EXPECT_EQ(more.value("topic", ""), first.value("topic", "")) << more.dump();
  const json sources = chat(session, "where is that from?");
  EXPECT_EQ(sources.value("intent", ""), "sources") << sources.dump();
  EXPECT_EQ(sources.value("topic", ""), first.value("topic", "")) << sources.dump();

  // nginx writes a request's log line after the response has left.
  std::vector<unsigned short> ports = served_by("/v1/chat");
  for (int i = 0; i < 100 && ports.size() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ports = served_by("/v1/chat");
  }
  ASSERT_EQ(ports.size(), 3u) << nginx_->access_log();
  EXPECT_NE(ports[0], ports[1]) << "round robin sends the second message to the other instance";
  EXPECT_NE(ports[1], ports[2]);

  WsClient resumed(nginx_->port(), "/ws?session=" + session);
  const json welcome = resumed.read_json();
  ASSERT_EQ(welcome["history"].size(), 6u) << welcome.dump();
  EXPECT_EQ(welcome["history"][0]["text"], "what is zonulin?");
  EXPECT_EQ(welcome["history"][2]["text"], "tell me more");
  EXPECT_EQ(welcome["history"][4]["text"], "where is that from?");
}

TEST_F(ClusterTest, ClientGoesOnWithTheOtherInstanceWhenItsOwnIsKilled) {
  std::string session;
  std::string topic;
  {
    WsClient client(nginx_->port());
    session = client.read_json().value("session", "");
    ASSERT_FALSE(session.empty());
    client.send_message("what is zonulin?");
    const json first = client.read_json();
    EXPECT_EQ(first.value("intent", ""), "zonulin") << first.dump();
    topic = first.value("topic", "");
    // nginx's first pick in a fresh round robin is the first instance.
    instances_[0]->kill();
    client.read_close_code(nullptr, std::chrono::seconds(5));
  }
  ASSERT_EQ(served_by("/ws"), std::vector<unsigned short>{port(0)})
      << "the killed instance held the connection: " << nginx_->access_log();

  WsClient client(nginx_->port(), "/ws?session=" + session);
  const json welcome = client.read_json();
  EXPECT_EQ(SessionUser(welcome.value("session", "")), SessionUser(session));
  ASSERT_EQ(welcome["history"].size(), 2u) << welcome.dump();
  EXPECT_EQ(welcome["history"][0]["text"], "what is zonulin?");
  client.send_message("tell me more");
  const json more = client.read_json();
  EXPECT_EQ(more.value("intent", ""), "more") << more.dump();
  EXPECT_EQ(more.value("topic", ""), topic) << more.dump();
}

TEST_F(ClusterTest, EachInstanceAcceptsTheOthersSessions) {
  const HttpResponse issued =
      HttpRequest(port(0), "POST", "/v1/chat", R"({"text":"what is zonulin?"})");
  ASSERT_EQ(issued.status, 200) << issued.body;
  const std::string session = json::parse(issued.body).value("session", "");

  const HttpResponse other = HttpRequest(
      port(1), "POST", "/v1/chat", json{{"session", session}, {"text", "tell me more"}}.dump());
  ASSERT_EQ(other.status, 200) << other.body;
  // The same conversation; the token itself may be renewed.
  EXPECT_EQ(SessionUser(json::parse(other.body).value("session", "")), SessionUser(session));
  EXPECT_EQ(json::parse(other.body).value("intent", ""), "more") << other.body;

  WsClient resumed(port(1), "/ws?session=" + session);
  EXPECT_EQ(resumed.read_json()["history"].size(), 4u);
}

// Issue #23: what one instance records, every instance reports, and a
// restarted one still does.
TEST_F(ClusterTest, TheContentOwnersRecordsAreSharedAndSurviveARestart) {
  {
    WsClient first(port(0));
    first.read_json();
    first.send_message("is kombucha good for a leaky gut", "k1");
    EXPECT_EQ(first.read_json().value("coverage", ""), "partial");
    first.send_message("what should I eat", "d1");
    first.read_json();
    first.send_text(R"({"type":"feedback","id":"d1","rating":"down","comment":"no list"})");
    EXPECT_EQ(first.read_json().value("type", ""), "feedback_saved");
  }
  WsClient second(port(1));
  second.read_json();
  second.send_message("whats the capital of peru", "p1");
  EXPECT_EQ(second.read_json().value("coverage", ""), "none");

  for (int restarted = 0; restarted < 2; ++restarted) {
    for (int i = 0; i < 2; ++i) {
      SCOPED_TRACE("instance " + std::to_string(i) + (restarted ? ", restarted" : ""));
      const json unanswered = admin(port(i), "/admin/unanswered");
      ASSERT_EQ(unanswered["questions"].size(), 2u) << unanswered.dump();
      EXPECT_EQ(unanswered["questions"][0]["example"], "whats the capital of peru");
      EXPECT_EQ(unanswered["questions"][1]["topic"], "diet");
      EXPECT_EQ(unanswered["questions"][1]["missing"], json::array({"kombucha"}));
      const json rated = admin(port(i), "/admin/feedback?rating=down");
      ASSERT_EQ(rated["ratings"].size(), 1u) << rated.dump();
      EXPECT_EQ(rated["ratings"][0]["comment"], "no list");
      EXPECT_EQ(admin(port(i), "/admin/report?days=1")["totals"]["messages"], 3);
    }
    if (restarted == 0) {
      instances_[0]->kill();
      instances_[0] = start();
    }
  }
}

}  // namespace
}  // namespace gutbot::testing
