// Writes JSON text straight into a string, without building a tree: for the
// objects written on every turn (the conversation state, the reply), where
// building an nlohmann::json first cost a sixth of the server's CPU under
// load. Strings are escaped as nlohmann::json escapes them; invalid UTF-8 is
// replaced by U+FFFD, so the text is always valid JSON. Keys and values
// alternate as the caller writes them; nothing checks the nesting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gutbot::bot {

class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(double number);
  JsonWriter& value(bool flag);
  // An array of strings or of integers.
  template <typename T>
  JsonWriter& array(const std::vector<T>& items) {
    begin_array();
    for (const T& item : items) value(item);
    return end_array();
  }

  // The text written so far; the writer is empty afterwards.
  std::string take();

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  // Writes the comma a value or key needs after an earlier sibling.
  void separate();
  void string(std::string_view text);

  std::string out_;
  bool first_ = true;       // no sibling yet at the current level
  bool after_key_ = false;  // the next value belongs to the key just written
};

}  // namespace gutbot::bot
