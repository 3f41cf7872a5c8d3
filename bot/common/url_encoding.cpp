#include "bot/common/url_encoding.h"

#include <algorithm>

#include "bot/common/hex.h"

namespace gutbot::bot {

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (plus_is_space && text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

FormFields ParseForm(std::string_view body) {
  FormFields fields;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      fields.emplace_back(
          PercentDecode(pair.substr(0, eq), true),
          eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return fields;
}

std::string FormValue(const FormFields& form, std::string_view name) {
  const auto found = std::find_if(form.begin(), form.end(),
                                  [name](const auto& field) { return field.first == name; });
  return found == form.end() ? std::string() : found->second;
}

Target ParseTarget(std::string_view target) {
  Target result;
  const auto question = target.find('?');
  result.path = PercentDecode(target.substr(0, question), false);
  if (question == std::string_view::npos) return result;
  for (auto& [name, value] : ParseForm(target.substr(question + 1))) {
    result.query.emplace(std::move(name), std::move(value));
  }
  return result;
}

}  // namespace gutbot::bot
