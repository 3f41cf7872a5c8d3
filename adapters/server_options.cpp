#include "adapters/server_options.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <type_traits>

namespace gutbot::adapters {
namespace {

using nlohmann::json;
using Setter = std::function<void(ServerOptions&, const json&)>;

template <class T>
T Get(const json& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (!value.is_string()) throw std::runtime_error("must be a string");
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!value.is_number() || value.get<double>() < 0) throw std::runtime_error("must be a number >= 0");
  } else {
    if (!value.is_number_unsigned()) throw std::runtime_error("must be a whole number >= 0");
    if (value.get<std::uint64_t>() > std::numeric_limits<T>::max()) throw std::runtime_error("is too large");
  }
  return value.get<T>();
}

template <class T>
Setter Field(T ServerOptions::*field) {
  return [field](ServerOptions& options, const json& value) { options.*field = Get<T>(value); };
}

Setter Seconds(std::chrono::seconds ServerOptions::*field) {
  return [field](ServerOptions& options, const json& value) {
    options.*field = std::chrono::seconds(Get<std::uint32_t>(value));
  };
}

const std::map<std::string, Setter, std::less<>>& Setters() {
  static const std::map<std::string, Setter, std::less<>> setters{
      {"address", Field(&ServerOptions::address)},
      {"port", Field(&ServerOptions::port)},
      {"io_threads", Field(&ServerOptions::io_threads)},
      {"max_frame_bytes", Field(&ServerOptions::max_frame_bytes)},
      {"max_message_chars", Field(&ServerOptions::max_message_chars)},
      {"http_body_limit", Field(&ServerOptions::http_body_limit)},
      {"idle_timeout", Seconds(&ServerOptions::idle_timeout)},
      {"handshake_timeout", Seconds(&ServerOptions::handshake_timeout)},
      {"http_read_timeout", Seconds(&ServerOptions::http_read_timeout)},
      {"max_messages_per_second", Field(&ServerOptions::max_messages_per_second)},
      {"message_burst", Field(&ServerOptions::message_burst)},
      {"max_rate_violations", Field(&ServerOptions::max_rate_violations)},
      {"max_outgoing_frames", Field(&ServerOptions::max_outgoing_frames)},
      {"static_dir", Field(&ServerOptions::static_dir)},
      {"history_turns", Field(&ServerOptions::history_turns)},
      {"shutdown_timeout", Seconds(&ServerOptions::shutdown_timeout)},
  };
  return setters;
}

}  // namespace

ServerOptions ServerOptionsFromJson(const json& server) {
  ServerOptions options;
  if (server.is_null()) return options;
  if (!server.is_object()) throw std::runtime_error("server: must be an object");
  for (const auto& [key, value] : server.items()) {
    const auto setter = Setters().find(key);
    if (setter == Setters().end()) throw std::runtime_error("server." + key + ": unknown setting");
    try {
      setter->second(options, value);
    } catch (const std::exception& e) {
      throw std::runtime_error("server." + key + ": " + e.what());
    }
  }
  return options;
}

}  // namespace gutbot::adapters
