#include "adapters/server/session_tokens.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

namespace gutbot::adapters {
namespace {

TEST(SessionTokens, IssuedTokenVerifiesToItsId) {
  const SessionTokens tokens("secret");
  const IssuedSession session = tokens.issue();
  EXPECT_EQ(tokens.verify(session.token), session.id);
  EXPECT_EQ(session.token.rfind(session.id + ".", 0), 0u);
}

TEST(SessionTokens, IdsAreUniqueAndUrlSafe) {
  const SessionTokens tokens("secret");
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const IssuedSession session = tokens.issue();
    EXPECT_TRUE(ids.insert(session.id).second);
    EXPECT_EQ(session.token.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
              std::string::npos);
  }
}

TEST(SessionTokens, AnotherSecretRejectsTheToken) {
  const IssuedSession session = SessionTokens("one secret").issue();
  EXPECT_EQ(SessionTokens("another secret").verify(session.token), std::nullopt);
  EXPECT_EQ(SessionTokens("one secret").verify(session.token), session.id);
}

TEST(SessionTokens, EveryAlteredCharacterIsRejected) {
  const SessionTokens tokens("secret");
  const std::string token = tokens.issue().token;
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (char replacement : {'A', 'z', '0', '-', '_', '.'}) {
      if (token[i] == replacement) continue;
      std::string altered = token;
      altered[i] = replacement;
      EXPECT_EQ(tokens.verify(altered), std::nullopt) << altered;
    }
  }
}

TEST(SessionTokens, ForgedIdWithSomeoneElsesSignatureIsRejected) {
  const SessionTokens tokens("secret");
  const IssuedSession victim = tokens.issue();
  const IssuedSession attacker = tokens.issue();
  const std::string victim_signature = victim.token.substr(victim.token.find('.') + 1);
  EXPECT_EQ(tokens.verify(attacker.id + "." + victim_signature), std::nullopt);
}

TEST(SessionTokens, MalformedTokensAreRejected) {
  const SessionTokens tokens("secret");
  const std::string token = tokens.issue().token;
  const std::string::size_type dot = token.find('.');
  const std::vector<std::string> malformed{
      "",
      ".",
      "abc",
      token.substr(0, dot),                                // no signature
      token.substr(0, token.size() - 1),                   // signature cut short
      token.substr(0, dot) + "!" + token.substr(dot + 1),  // no dot
      token.substr(dot),                                   // no id
      token.substr(0, dot) + ".." + token.substr(dot + 1),
      "../../etc/passwd",
      std::string(5000, 'A'),
  };
  for (const std::string& bad : malformed) EXPECT_EQ(tokens.verify(bad), std::nullopt) << bad;
  EXPECT_EQ(tokens.verify(token + "A"), std::nullopt);
}

TEST(SessionTokens, EmptySecretIsRefused) {
  EXPECT_THROW(SessionTokens(""), std::invalid_argument);
}

class SecretFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gutbot-secret-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    if (const char* env = std::getenv("GUTBOT_SECRET")) saved_env_ = env;
    ::unsetenv("GUTBOT_SECRET");
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    if (saved_env_) ::setenv("GUTBOT_SECRET", saved_env_->c_str(), 1);
  }

  std::filesystem::path dir_;
  std::optional<std::string> saved_env_;
};

TEST_F(SecretFileTest, CreatedOnceOwnerOnlyThenReused) {
  const auto file = dir_ / "data" / "secret";
  const std::string first = LoadOrCreateSecret(file);
  EXPECT_EQ(first.size(), 64u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(LoadOrCreateSecret(file), first);
}

TEST_F(SecretFileTest, EnvironmentWins) {
  ::setenv("GUTBOT_SECRET", "from the environment", 1);
  EXPECT_EQ(LoadOrCreateSecret(dir_ / "secret"), "from the environment");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "secret"));
}

TEST_F(SecretFileTest, EmptyFileIsAnError) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "secret") << "\n";
  EXPECT_THROW(LoadOrCreateSecret(dir_ / "secret"), std::runtime_error);
}

}  // namespace
}  // namespace gutbot::adapters

namespace gutbot::adapters {
namespace {

TEST(SessionTokensExpiry, ATokenExpiresAfterItsMaxAgeAndARefreshRenewsIt) {
  const SessionTokens tokens("secret", std::chrono::hours(1));
  const auto start = SessionTokens::Clock::now();
  const IssuedSession session = tokens.issue(start);
  EXPECT_EQ(tokens.check(session.token, start + std::chrono::minutes(59)).status,
            TokenStatus::kValid);
  const TokenCheck late = tokens.check(session.token, start + std::chrono::minutes(61));
  EXPECT_EQ(late.status, TokenStatus::kExpired);
  EXPECT_TRUE(late.id.empty());

  const IssuedSession renewed =
      tokens.refresh(tokens.check(session.token, start + std::chrono::minutes(50)),
                     start + std::chrono::minutes(50));
  EXPECT_EQ(renewed.id, session.id);
  const TokenCheck later = tokens.check(renewed.token, start + std::chrono::minutes(100));
  EXPECT_EQ(later.status, TokenStatus::kValid);
  EXPECT_EQ(later.id, session.id);
}

// Issue #20, finding 9: a stolen token refreshed again and again still dies
// `lifetime` after its session started; a new session is good again.
TEST(SessionTokensExpiry, RefreshingNeverOutlivesTheSessionsLifetime) {
  const SessionTokens tokens("secret", std::chrono::hours(1), std::chrono::hours(3));
  const auto start = SessionTokens::Clock::now();
  std::string token = tokens.issue(start).token;
  for (int minutes = 50; minutes < 180; minutes += 50) {
    const auto now = start + std::chrono::minutes(minutes);
    TokenCheck checked = tokens.check(token, now);
    ASSERT_EQ(checked.status, TokenStatus::kValid) << minutes;
    token = tokens.refresh(std::move(checked), now).token;
  }
  // Refreshed at 150 minutes, so within its max age, but past the lifetime.
  EXPECT_EQ(tokens.check(token, start + std::chrono::minutes(181)).status, TokenStatus::kExpired);
  const IssuedSession fresh = tokens.issue(start + std::chrono::minutes(181));
  EXPECT_EQ(tokens.check(fresh.token, start + std::chrono::minutes(182)).status,
            TokenStatus::kValid);
}

// "<id>.<issued>.<signature>", as issued before sessions had a lifetime:
// the signature is the first 128 bits of HMAC-SHA256("<id>.<issued>") in
// unpadded base64url.
std::string OlderFormToken(const std::string& secret, const std::string& id, long long issued) {
  const std::string payload = id + "." + std::to_string(issued);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac, &size);
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string signature;
  unsigned bits = 0;
  int pending = 0;
  for (int i = 0; i < 16; ++i) {
    bits = (bits << 8) | mac[i];
    for (pending += 8; pending >= 6; pending -= 6)
      signature += kAlphabet[(bits >> (pending - 6)) & 0x3f];
  }
  signature += kAlphabet[(bits << (6 - pending)) & 0x3f];
  return payload + "." + signature;
}

TEST(SessionTokensExpiry, TokensOfTheOlderFormStillVerifyAndAgeFromTheirIssue) {
  const SessionTokens tokens("secret", std::chrono::hours(1), std::chrono::hours(2));
  const auto start = SessionTokens::Clock::now();
  const std::string current = tokens.issue(start).token;
  const std::string id = current.substr(0, current.find('.'));
  const long long issued =
      std::chrono::duration_cast<std::chrono::seconds>(start.time_since_epoch()).count();
  std::string token = OlderFormToken("secret", id, issued);
  for (int minutes : {50, 100}) {
    TokenCheck checked = tokens.check(token, start + std::chrono::minutes(minutes));
    ASSERT_EQ(checked.status, TokenStatus::kValid) << minutes;
    EXPECT_EQ(checked.id, id);
    token = tokens.refresh(std::move(checked), start + std::chrono::minutes(minutes)).token;
  }
  // Refreshed at 100 minutes, but its session started with the older token.
  EXPECT_EQ(tokens.check(token, start + std::chrono::minutes(121)).status, TokenStatus::kExpired);
}

TEST(SessionTokensExpiry, AMovedIssueTimeBreaksTheSignature) {
  const SessionTokens tokens("secret", std::chrono::hours(1));
  const auto start = SessionTokens::Clock::now();
  const std::string token = tokens.issue(start - std::chrono::hours(2)).token;
  const auto first = token.find('.'), last = token.rfind('.');
  const std::string now_seconds = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(start.time_since_epoch()).count());
  const std::string moved = token.substr(0, first + 1) + now_seconds + token.substr(last);
  EXPECT_EQ(tokens.check(token, start).status, TokenStatus::kExpired);
  EXPECT_EQ(tokens.check(moved, start).status, TokenStatus::kInvalid);
}

TEST(SessionTokensExpiry, ZeroMaxAgeNeverExpires) {
  const SessionTokens tokens("secret", std::chrono::seconds(0), std::chrono::seconds(0));
  const auto start = SessionTokens::Clock::now();
  const IssuedSession session = tokens.issue(start);
  EXPECT_EQ(tokens.check(session.token, start + std::chrono::days(3650)).status,
            TokenStatus::kValid);
}

}  // namespace
}  // namespace gutbot::adapters
