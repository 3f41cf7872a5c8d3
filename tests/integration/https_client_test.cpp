// The outbound HTTPS client against a local server whose certificate is
// made for the test.
#include "adapters/server/https_client.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "https_stub.h"

namespace gutbot::testing {
namespace {

using adapters::HttpsClient;

struct Outcome {
  boost::system::error_code ec;
  HttpsClient::Response response;
};

Outcome Post(const HttpsClient& client, const std::string& url) {
  boost::asio::io_context ioc;
  Outcome outcome;
  client.post(ioc.get_executor(), url,
              {{"Content-Type", "application/json"}, {"Authorization", "Bearer xoxb-1"}},
              R"({"channel":"D1","text":"hi"})",
              [&](boost::system::error_code ec, HttpsClient::Response response) {
                outcome = {ec, std::move(response)};
              });
  ioc.run();
  return outcome;
}

TEST(HttpsClient, PostsToAServerItTrusts) {
  HttpsStub stub(R"({"ok":true,"ts":"1.2"})");
  const HttpsClient client(stub.ca_file());
  const Outcome outcome =
      Post(client, "https://localhost:" + std::to_string(stub.port()) + "/api/chat.postMessage");
  ASSERT_FALSE(outcome.ec) << outcome.ec.message();
  EXPECT_EQ(outcome.response.status, 200u);
  EXPECT_EQ(outcome.response.body, R"({"ok":true,"ts":"1.2"})");
  const auto received = stub.wait_for(1);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/api/chat.postMessage");
  EXPECT_EQ(received[0].authorization, "Bearer xoxb-1");
  EXPECT_EQ(received[0].content_type, "application/json");
  EXPECT_EQ(received[0].body, R"({"channel":"D1","text":"hi"})");
}

TEST(HttpsClient, RefusesAServerWhoseCertificateItDoesNotTrust) {
  HttpsStub stub;
  const HttpsClient client("");  // the system's authorities only
  const Outcome outcome = Post(client, "https://localhost:" + std::to_string(stub.port()) + "/api");
  EXPECT_TRUE(outcome.ec);
  EXPECT_TRUE(stub.wait_for(0).empty());
}

TEST(HttpsClient, RefusesACertificateForAnotherName) {
  HttpsStub stub;  // its certificate names "localhost" only
  const HttpsClient client(stub.ca_file());
  const Outcome outcome = Post(client, "https://127.0.0.1:" + std::to_string(stub.port()) + "/api");
  EXPECT_TRUE(outcome.ec);
  EXPECT_TRUE(stub.wait_for(0).empty());
}

TEST(HttpsClient, RefusesUrlsThatAreNotHttps) {
  const HttpsClient client("");
  for (const char* url : {"http://localhost/api", "https://", "https://:443/x", "localhost"}) {
    EXPECT_EQ(Post(client, url).ec, boost::system::errc::invalid_argument) << url;
  }
}

TEST(HttpsClient, ThrowsOnAMissingCaFile) {
  EXPECT_THROW(HttpsClient("/nonexistent/ca.pem"), boost::system::system_error);
}

}  // namespace
}  // namespace gutbot::testing
