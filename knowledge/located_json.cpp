#include "knowledge/located_json.h"

#include <iterator>
#include <vector>

namespace gutbot::knowledge {
namespace {

using nlohmann::json;

// A char iterator that counts the newlines it has stepped over, so the SAX
// handler below knows on which line the parser currently is.
class LineCountingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  LineCountingIterator(const char* p, int* line) : p_(p), line_(line) {}
  reference operator*() const { return *p_; }
  LineCountingIterator& operator++() {
    if (*p_ == '\n') ++*line_;
    ++p_;
    return *this;
  }
  LineCountingIterator operator++(int) {
    auto copy = *this;
    ++*this;
    return copy;
  }
  bool operator==(const LineCountingIterator& other) const { return p_ == other.p_; }

 private:
  const char* p_;
  int* line_;
};

// RFC 6901: "~" is written "~0" and "/" is written "~1" inside a token.
std::string EscapePointerToken(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// Builds the DOM through nlohmann's own SAX DOM builder and records, for each
// value, the JSON pointer it will have and the line it starts on.
class LocatingHandler {
 public:
  LocatingHandler(LocatedJson& out, const int* line)
      : dom_(out.value), lines_(out.lines), line_(line) {}

  bool null() { return value(), dom_.null(); }
  bool boolean(bool v) { return value(), dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return value(), dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value(), dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    return value(), dom_.number_float(v, s);
  }
  bool string(json::string_t& v) { return value(), dom_.string(v); }
  bool binary(json::binary_t& v) { return value(), dom_.binary(v); }
  bool start_object(std::size_t n) {
    value();
    frames_.push_back({true, 0, ""});
    return dom_.start_object(n);
  }
  bool key(json::string_t& k) {
    frames_.back().key = k;
    return dom_.key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    value();
    frames_.push_back({false, 0, ""});
    return dom_.start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& ex) {
    return dom_.parse_error(position, token, ex);
  }

 private:
  struct Frame {
    bool object;
    std::size_t children;  // in an array: how many values have started
    std::string key;
  };

  // Records where the value about to be added lives.
  void value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().children;
    std::string pointer;
    for (auto& f : frames_) {
      pointer += '/';
      pointer += f.object ? EscapePointerToken(f.key) : std::to_string(f.children - 1);
    }
    lines_.emplace(std::move(pointer), *line_);
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::map<std::string, int>& lines_;
  const int* line_;
  std::vector<Frame> frames_;
};

}  // namespace

int LocatedJson::line_of(std::string pointer) const {
  for (;;) {
    if (auto it = lines.find(pointer); it != lines.end()) return it->second;
    auto slash = pointer.rfind('/');
    if (slash == std::string::npos) return 1;
    pointer.resize(slash);
  }
}

bool ParseLocatedJson(std::string_view text, LocatedJson& out, JsonParseError& error) {
  int line = 1;
  LocatingHandler handler(out, &line);
  try {
    LineCountingIterator first(text.data(), &line);
    LineCountingIterator last(text.data() + text.size(), &line);
    if (json::sax_parse(first, last, &handler)) return true;
    error = {line, "invalid JSON"};
  } catch (const json::exception& ex) {
    std::string what = ex.what();
    // nlohmann prefixes its messages with "[json.exception.parse_error.101] ".
    if (auto bracket = what.find("] "); bracket != std::string::npos) what.erase(0, bracket + 2);
    error = {line, "invalid JSON: " + what};
  }
  return false;
}

}  // namespace gutbot::knowledge
