// The JSON that clients send over /ws and to /v1/chat and /v1/ask. The first
// byte picks the request kind; the rest is the body. Whatever it is, the
// parser answers with a request or an error, and the frames written back are
// valid JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "adapters/protocol.h"

namespace {

constexpr std::size_t kMaxChars = 2000;

void CheckJson(const std::string& frame) {
  if (!nlohmann::json::accept(frame)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gutbot::adapters::RequestKind;
  if (size == 0) return 0;
  const auto kind = static_cast<RequestKind>(data[0] % 3);
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);

  // Any bytes, invalid UTF-8 included, encode as valid JSON.
  gutbot::bot::Reply raw;
  raw.text = std::string(body);
  raw.reply_to = raw.text;
  CheckJson(gutbot::bot::EncodeReply(raw));

  const auto request = gutbot::adapters::ParseRequest(body, kind, kMaxChars);
  if (!request) {
    CheckJson(gutbot::adapters::ErrorFrame(request.error()));
    return 0;
  }
  if (request.value().text.empty()) std::abort();
  gutbot::bot::Reply reply;
  reply.text = request.value().text;  // echoing client text is the worst case for encoding
  CheckJson(gutbot::adapters::ReplyFrame(reply, request.value().id));
  CheckJson(gutbot::adapters::ChatResponse(reply, request.value().session));
  return 0;
}
