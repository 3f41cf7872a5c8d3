#include "adapters/channels/signatures.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace gutbot::adapters {
namespace {

std::string Hmac(const EVP_MD* digest, std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(digest, key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac,
           &size) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(mac), size);
}

}  // namespace

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (const char byte : Hmac(EVP_sha256(), key, data)) {
    const auto b = static_cast<unsigned char>(byte);
    hex += kDigits[b >> 4];
    hex += kDigits[b & 0xf];
  }
  return hex;
}

std::string HmacSha1Base64(std::string_view key, std::string_view data) {
  const std::string mac = Hmac(EVP_sha1(), key, data);
  std::string base64(4 * ((mac.size() + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()),
                  reinterpret_cast<const unsigned char*>(mac.data()), static_cast<int>(mac.size()));
  return base64;
}

bool SecretEquals(std::string_view a, std::string_view b) {
  unsigned char digest_a[SHA256_DIGEST_LENGTH];
  unsigned char digest_b[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), digest_a);
  SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), digest_b);
  return CRYPTO_memcmp(digest_a, digest_b, sizeof digest_a) == 0;
}

}  // namespace gutbot::adapters
