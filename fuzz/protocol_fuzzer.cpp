// The JSON that clients send over /ws and to /v1/chat, /v1/ask and
// /v1/feedback. The first byte picks the request kind (0 a /ws frame, 1 ask,
// 2 chat, 3 feedback); the rest is the body. Whatever it is, the
// parser answers with a request or an error, and the frames written back are
// valid JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "adapters/server/protocol.h"

namespace {

constexpr std::size_t kMaxChars = 2000;
constexpr std::size_t kMaxCommentChars = 1000;

void CheckJson(const std::string& frame) {
  if (!nlohmann::json::accept(frame)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gutbot::adapters::RequestKind;
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);

  // Any bytes, invalid UTF-8 included, encode as valid JSON.
  gutbot::bot::Reply raw;
  raw.text = std::string(body);
  raw.reply_to = raw.text;
  CheckJson(gutbot::bot::EncodeReply(raw));

  gutbot::adapters::Request request;
  switch (data[0] % 4) {
    case 0: {
      const auto frame = gutbot::adapters::ParseFrame(body, kMaxChars, kMaxCommentChars);
      if (!frame) {
        CheckJson(gutbot::adapters::ErrorFrame(frame.error()));
        return 0;
      }
      CheckJson(gutbot::adapters::FeedbackSavedFrame(frame.value().feedback.id));
      if (frame.value().type != gutbot::adapters::FrameType::kMessage) return 0;
      request = frame.value().message;
      break;
    }
    case 3: {
      const auto feedback = gutbot::adapters::ParseFeedback(body, kMaxCommentChars);
      CheckJson(feedback ? gutbot::adapters::FeedbackSavedFrame(feedback.value().id)
                         : gutbot::adapters::ErrorFrame(feedback.error()));
      return 0;
    }
    default: {
      const auto kind = data[0] % 4 == 1 ? RequestKind::kAsk : RequestKind::kChat;
      const auto parsed = gutbot::adapters::ParseRequest(body, kind, kMaxChars);
      if (!parsed) {
        CheckJson(gutbot::adapters::ErrorFrame(parsed.error()));
        return 0;
      }
      request = parsed.value();
    }
  }
  if (request.text.empty()) std::abort();
  gutbot::bot::Reply reply;
  reply.text = request.text;  // echoing client text is the worst case for encoding
  CheckJson(gutbot::adapters::ReplyFrame(reply, request.id));
  CheckJson(gutbot::adapters::ChatResponse(reply, request.session));
  return 0;
}
