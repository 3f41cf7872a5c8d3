// Text put into HTML or XML (an element's content or a quoted attribute
// value): the five characters markup gives meaning to become entities.
// Pure function.
#pragma once

#include <string>
#include <string_view>

namespace gutbot::bot {

// `text` with & < > " ' as &amp; &lt; &gt; &quot; &apos;.
std::string MarkupEscape(std::string_view text);

}  // namespace gutbot::bot
