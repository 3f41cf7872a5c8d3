#include "adapters/server/session_tokens.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace gutbot::adapters {
namespace {

constexpr std::size_t kIdBytes = 16;
// Half of the SHA-256 output: 128 bits is beyond guessing and keeps the
// token short enough for a URL query.
constexpr std::size_t kSignatureBytes = 16;
constexpr std::size_t kSecretBytes = 32;

constexpr std::size_t Base64UrlLength(std::size_t bytes) { return (bytes * 8 + 5) / 6; }

std::string Base64Url(const unsigned char* data, std::size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve(Base64UrlLength(size));
  unsigned bits = 0;
  int pending = 0;
  for (std::size_t i = 0; i < size; ++i) {
    bits = (bits << 8) | data[i];
    pending += 8;
    while (pending >= 6) {
      pending -= 6;
      out += kAlphabet[(bits >> pending) & 0x3f];
    }
  }
  if (pending > 0) out += kAlphabet[(bits << (6 - pending)) & 0x3f];
  return out;
}

bool IsBase64Url(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

template <std::size_t N>
std::array<unsigned char, N> RandomBytes() {
  std::array<unsigned char, N> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return bytes;
}

std::string Hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
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
  const auto bytes = RandomBytes<kSecretBytes>();
  const std::string text = Hex(bytes.data(), bytes.size()) + "\n";
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
  const auto bytes = RandomBytes<kIdBytes>();
  return make(Base64Url(bytes.data(), bytes.size()), now, now);
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
  if (id.size() != Base64UrlLength(kIdBytes) || !IsBase64Url(id) || !IsUnixSeconds(issued) ||
      !IsUnixSeconds(started) || signature.size() != Base64UrlLength(kSignatureBytes)) {
    return {};
  }
  const std::string expected = sign(payload);
  if (CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0) return {};
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
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
           reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac,
           &mac_size) == nullptr ||
      mac_size < kSignatureBytes) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return Base64Url(mac, kSignatureBytes);
}

std::string LoadOrCreateSecret(const std::filesystem::path& file) {
  if (const char* env = std::getenv("GUTBOT_SECRET"); env != nullptr && *env != '\0') return env;
  CreateSecretFile(file);
  return ReadSecretFile(file);
}

}  // namespace gutbot::adapters
