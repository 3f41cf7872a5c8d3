#include "bot/common/json_text.h"

namespace gutbot::bot {
namespace {

template <class Json>
std::string Text(const Json& value, int indent) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string JsonText(const nlohmann::json& value, int indent) { return Text(value, indent); }

std::string OrderedJsonText(const nlohmann::ordered_json& value) { return Text(value, -1); }

}  // namespace gutbot::bot
