#include "bot/json_text.h"

namespace gutbot::bot {

std::string JsonText(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace gutbot::bot
