#include "adapters/channels/channel.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/common/utf8.h"

namespace gutbot::adapters {

std::string_view WebhookRequest::header(std::string_view name) const {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string_view() : std::string_view(found->second);
}

std::string Channel::path() const { return "/webhooks/" + std::string(name()) + "/webhook"; }

std::optional<ApiCall> Channel::reply_call(const bot::Reply&, const Inbound&) const {
  return std::nullopt;
}

bool Channel::api_call_succeeded(unsigned status, std::string_view) const {
  return status >= 200 && status < 300;
}

std::string ShortenText(std::string_view text, std::size_t max_chars) {
  if (bot::CountCodePoints(text) <= max_chars) return std::string(text);
  // Room for the ellipsis (one character) when cutting inside a sentence.
  const std::string_view head =
      text.substr(0, bot::CodePointOffset(text, max_chars > 0 ? max_chars - 1 : 0));
  for (std::size_t end = head.size(); end > head.size() / 2; --end) {
    const char c = head[end - 1];
    const bool sentence_end = (c == '.' || c == '!' || c == '?') &&
                              (end == text.size() || text[end] == ' ' || text[end] == '\n');
    if (sentence_end) return std::string(head.substr(0, end));
  }
  const auto space = head.find_last_of(" \n");
  const std::string_view cut =
      space == std::string_view::npos || space == 0 ? head : head.substr(0, space);
  return std::string(cut) + "\u2026";
}

std::string SuggestionLine(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return "";
  std::string line = "Reply with: ";
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    if (i > 0) line += " / ";
    line += suggestions[i];
  }
  return line;
}

std::string WithLinks(std::string text, const std::vector<bot::Link>& links) {
  for (std::size_t i = 0; i < links.size(); ++i) {
    text += (i == 0 ? "\n\n" : "\n") + links[i].title + ": " + links[i].url;
  }
  return text;
}

}  // namespace gutbot::adapters
