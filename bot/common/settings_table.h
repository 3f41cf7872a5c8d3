// A table of an options struct's settings by JSON key: reads the struct from
// a configuration object strictly (unknown key or wrong type: SettingError
// naming the key path) and writes it back as the same object. Built once,
// then read-only; safe to share between threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace gutbot::adapters {

// A bad setting: `key` is its path ("server.port"), `problem` what is wrong
// ("must be a whole number >= 0"); what() is "key: problem", or the problem
// alone for the whole configuration (key "").
class SettingError : public std::runtime_error {
 public:
  SettingError(std::string key, std::string problem)
      : std::runtime_error(key.empty() ? problem : key + ": " + problem),
        key_(std::move(key)),
        problem_(std::move(problem)) {}
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string key_;
  std::string problem_;
};

// The value of a setting of type T in `value`; throws std::runtime_error
// saying what T must be. Durations are whole seconds.
template <class T>
T SettingValue(const nlohmann::json& value) {
  if constexpr (std::is_same_v<T, std::chrono::seconds>) {
    return std::chrono::seconds(SettingValue<std::uint32_t>(value));
  } else {
    if constexpr (std::is_same_v<T, std::string>) {
      if (!value.is_string()) throw std::runtime_error("must be a string");
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!value.is_boolean()) throw std::runtime_error("must be true or false");
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      if (!value.is_array()) throw std::runtime_error("must be a list of strings");
      for (const nlohmann::json& item : value) {
        if (!item.is_string()) throw std::runtime_error("must be a list of strings");
      }
    } else if constexpr (std::is_floating_point_v<T>) {
      if (!value.is_number() || value.get<double>() < 0)
        throw std::runtime_error("must be a number >= 0");
    } else {
      static_assert(std::is_unsigned_v<T>,
                    "settings hold strings, lists, bools, numbers >= 0 or seconds");
      if (!value.is_number_unsigned()) throw std::runtime_error("must be a whole number >= 0");
      if (value.get<std::uint64_t>() > std::numeric_limits<T>::max())
        throw std::runtime_error("is too large");
    }
    return value.get<T>();
  }
}

template <class T>
nlohmann::json SettingJson(const T& value) {
  // Unsigned, as SettingValue reads it back.
  if constexpr (std::is_same_v<T, std::chrono::seconds>)
    return static_cast<std::uint32_t>(value.count());
  else
    return value;
}

template <class Options>
class SettingsTable {
 public:
  using Read = std::function<void(Options&, const nlohmann::json&)>;
  using Write = std::function<nlohmann::json(const Options&)>;

  // A setting kept in its own way; `read` throws std::runtime_error with the
  // problem, or SettingError for a nested setting.
  SettingsTable& add(std::string key, Read read, Write write) {
    fields_.emplace(std::move(key), Field{std::move(read), std::move(write)});
    return *this;
  }

  // A plain member: a string, bool, unsigned or floating-point number,
  // list of strings, or std::chrono::seconds.
  template <class T>
  SettingsTable& add(std::string key, T Options::*member) {
    return add(
        std::move(key),
        [member](Options& o, const nlohmann::json& v) { o.*member = SettingValue<T>(v); },
        [member](const Options& o) { return SettingJson(o.*member); });
  }

  // Options with the keys of `object` read into the defaults; null reads as
  // {}. `path` is the object's own key path ("server"; "" at the top).
  Options read(const nlohmann::json& object, const std::string& path) const {
    Options options;
    if (object.is_null()) return options;
    if (!object.is_object()) throw SettingError(path, "must be an object");
    for (const auto& [key, value] : object.items()) {
      const std::string key_path = path.empty() ? key : path + "." + key;
      const auto field = fields_.find(key);
      if (field == fields_.end()) throw SettingError(key_path, "unknown setting");
      try {
        field->second.read(options, value);
      } catch (const SettingError&) {
        throw;
      } catch (const std::exception& e) {
        throw SettingError(key_path, e.what());
      }
    }
    return options;
  }

  nlohmann::json write(const Options& options) const {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [key, field] : fields_) object[key] = field.write(options);
    return object;
  }

 private:
  struct Field {
    Read read;
    Write write;
  };
  std::map<std::string, Field, std::less<>> fields_;
};

}  // namespace gutbot::adapters
