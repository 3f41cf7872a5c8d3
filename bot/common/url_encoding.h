// Percent-encoded text as HTTP carries it: request targets and
// application/x-www-form-urlencoded bodies. Pure functions; thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gutbot::bot {

// Percent-decodes `text`; in a query or form body (`plus_is_space`) "+"
// stands for a space, in a path it is itself. Malformed escapes stay as they are.
std::string PercentDecode(std::string_view text, bool plus_is_space);

using FormFields = std::vector<std::pair<std::string, std::string>>;

// An application/x-www-form-urlencoded body (or a query string) as
// name/value pairs, in order, percent-decoded.
FormFields ParseForm(std::string_view body);

// The value of the first field called `name`, or "".
std::string FormValue(const FormFields& form, std::string_view name);

struct Target {
  std::string path;
  std::map<std::string, std::string, std::less<>> query;  // percent-decoded; the first of repeats
};

// Splits a request target into its path and query parameters.
Target ParseTarget(std::string_view target);

}  // namespace gutbot::bot
