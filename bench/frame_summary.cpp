#include "bench/frame_summary.h"

#include <nlohmann/json.hpp>

namespace gutbot::bench {
namespace {

using nlohmann::json;

// Records the top-level string fields of one object; everything nested is
// parsed (so validated) and ignored.
class TopLevelFields : public nlohmann::json_sax<json> {
 public:
  explicit TopLevelFields(FrameSummary& out) : out_(out) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool string(string_t& value) override {
    if (depth_ != 1) return true;
    if (key_ == "type")
      out_.type = std::move(value);
    else if (key_ == "reply_to")
      out_.reply_to = std::move(value);
    else if (key_ == "code")
      out_.code = std::move(value);
    else if (key_ == "text")
      out_.has_text = !value.empty();
    return true;
  }
  bool start_object(std::size_t) override {
    ++depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool key(string_t& key) override {
    if (depth_ == 1) key_ = std::move(key);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  FrameSummary& out_;
  std::string key_;
  int depth_ = 0;
};

}  // namespace

std::optional<FrameSummary> SummarizeFrame(std::string_view frame) {
  FrameSummary summary;
  TopLevelFields fields(summary);
  // A top-level array or scalar is not a frame.
  const auto first = frame.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || frame[first] != '{') return std::nullopt;
  if (!json::sax_parse(frame, &fields)) return std::nullopt;
  return summary;
}

}  // namespace gutbot::bench
