#include "adapters/server/session_tokens.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "bot/common/base64.h"
#include "bot/common/digest.h"
#include "bot/common/hex.h"

namespace gutbot::adapters {
namespace {

constexpr std::size_t kIdBytes = 16;
// Half of the SHA-256 output: 128 bits is beyond guessing and keeps the
// token short enough for a URL query.
constexpr std::size_t kSignatureBytes = 16;
constexpr std::size_t kSecretBytes = 32;

std::string RandomBytes(std::size_t size) {
  std::string bytes(size, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(size)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return bytes;
}

std::string ReadSecretFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the secret file " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && std::isspace(static_cast<unsigned char>(secret.back()))) {
    secret.pop_back();
  }
  if (secret.empty()) throw std::runtime_error("the secret file " + file.string() + " is empty");
  return secret;
}

// Creates the file only if it does not exist yet (O_EXCL), so two servers
// starting at once never overwrite each other's secret; false when it existed.
bool CreateSecretFile(const std::filesystem::path& file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw std::system_error(errno, std::generic_category(), "create " + file.string());
  }
  const std::string text = bot::HexEncode(RandomBytes(kSecretBytes)) + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!written) {
    std::filesystem::remove(file);
    throw std::system_error(error, std::generic_category(), "write " + file.string());
  }
  return true;
}

long long UnixSeconds(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

// A time as the token writes it: 1 to 12 digits.
bool IsUnixSeconds(std::string_view digits) {
  return !digits.empty() && digits.size() <= 12 &&
         digits.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

SessionTokens::SessionTokens(std::string secret, std::chrono::seconds max_age,
                             std::chrono::seconds lifetime)
    : secret_(std::move(secret)), max_age_(max_age), lifetime_(lifetime) {
  if (secret_.empty()) throw std::invalid_argument("the session token secret is empty");
}

IssuedSession SessionTokens::issue(Clock::time_point now) const {
  return make(bot::Base64UrlEncode(RandomBytes(kIdBytes)), now, now);
}

IssuedSession SessionTokens::refresh(TokenCheck checked, Clock::time_point now) const {
  return make(std::move(checked.id), checked.started, now);
}

IssuedSession SessionTokens::make(std::string id, Clock::time_point started,
                                  Clock::time_point now) const {
  std::string payload =
      id + "." + std::to_string(UnixSeconds(now)) + "." + std::to_string(UnixSeconds(started));
  std::string token = payload + "." + sign(payload);
  return {std::move(id), std::move(token)};
}

TokenCheck SessionTokens::check(std::string_view token, Clock::time_point now) const {
  const auto last_dot = token.rfind('.');
  if (last_dot == std::string_view::npos) return {};
  const std::string_view payload = token.substr(0, last_dot);
  const std::string_view signature = token.substr(last_dot + 1);
  const auto dot = payload.find('.');
  if (dot == std::string_view::npos) return {};
  const std::string_view id = payload.substr(0, dot);
  const std::string_view times = payload.substr(dot + 1);
  const auto time_dot = times.find('.');
  const std::string_view issued = times.substr(0, time_dot);
  // Tokens issued before sessions had a lifetime: started = issued.
  const std::string_view started =
      time_dot == std::string_view::npos ? issued : times.substr(time_dot + 1);
  if (id.size() != bot::Base64UrlLength(kIdBytes) || !bot::IsBase64Url(id) ||
      !IsUnixSeconds(issued) || !IsUnixSeconds(started) ||
      signature.size() != bot::Base64UrlLength(kSignatureBytes)) {
    return {};
  }
  if (!bot::SecretEquals(sign(payload), signature)) return {};
  // Only signed times are read: the client cannot move them.
  const Clock::time_point issued_at{std::chrono::seconds(std::stoll(std::string(issued)))};
  const Clock::time_point started_at{std::chrono::seconds(std::stoll(std::string(started)))};
  if (max_age_.count() > 0 && now - issued_at > max_age_) return {TokenStatus::kExpired, {}, {}};
  if (lifetime_.count() > 0 && now - started_at > lifetime_) return {TokenStatus::kExpired, {}, {}};
  return {TokenStatus::kValid, std::string(id), started_at};
}

std::optional<std::string> SessionTokens::verify(std::string_view token) const {
  TokenCheck result = check(token);
  if (result.status != TokenStatus::kValid) return std::nullopt;
  return std::move(result.id);
}

std::string SessionTokens::sign(std::string_view payload) const {
  return bot::Base64UrlEncode(
      bot::Hmac(bot::HmacDigest::kSha256, secret_, payload).substr(0, kSignatureBytes));
}

std::string LoadOrCreateSecret(const std::filesystem::path& file) {
  if (const char* env = std::getenv("GUTBOT_SECRET"); env != nullptr && *env != '\0') return env;
  CreateSecretFile(file);
  return ReadSecretFile(file);
}

}  // namespace gutbot::adapters
