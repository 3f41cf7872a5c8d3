#include "bot/program/configuration.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "bot/common/settings_table.h"

namespace gutbot::adapters {
namespace {

using nlohmann::json;

const SettingsTable<LogOptions>& LogTable() {
  static const auto table = SettingsTable<LogOptions>().add(
      "level",
      [](LogOptions& options, const json& value) {
        const auto level = bot::LogLevelFromName(SettingValue<std::string>(value));
        if (!level) throw std::runtime_error("must be one of debug, info, warn, error");
        options.level = *level;
      },
      [](const LogOptions& options) { return json(bot::LogLevelName(options.level)); });
  return table;
}

// ChannelOptionsFromJson's errors read "channels.key: problem".
ChannelOptions ReadChannels(const json& value) {
  try {
    return ChannelOptionsFromJson(value);
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    const auto colon = message.find(": ");
    if (colon == std::string::npos) throw SettingError("channels", message);
    throw SettingError(message.substr(0, colon), message.substr(colon + 2));
  }
}

const SettingsTable<Configuration>& Table() {
  static const auto table =
      SettingsTable<Configuration>()
          .add("knowledge_base", &Configuration::knowledge_base)
          .add("store", &Configuration::store)
          .add("secret", &Configuration::secret)
          .add("secret_file", &Configuration::secret_file)
          .add("retention_days", &Configuration::retention_days)
          .add("max_turns_per_conversation", &Configuration::max_turns_per_conversation)
          .add("min_free_disk_mb", &Configuration::min_free_disk_mb)
          .add("crisis_line", &Configuration::crisis_line)
          .add(
              "log",
              [](Configuration& c, const json& value) { c.log = LogTable().read(value, "log"); },
              [](const Configuration& c) { return LogTable().write(c.log); })
          .add(
              "server",
              [](Configuration& c, const json& value) { c.server = ServerOptionsFromJson(value); },
              [](const Configuration& c) { return ServerOptionsToJson(c.server); })
          .add(
              "channels",
              [](Configuration& c, const json& value) { c.channels = ReadChannels(value); },
              [](const Configuration& c) { return ChannelOptionsToJson(c.channels); });
  return table;
}

// The key paths of `value`'s settings (objects are not settings themselves,
// their members are), with their values.
void CollectSettings(const json& value, const std::string& path,
                     std::map<std::string, json>& settings) {
  if (!value.is_object()) {
    settings.emplace(path, value);
    return;
  }
  for (const auto& [key, member] : value.items()) {
    CollectSettings(member, path.empty() ? key : path + "." + key, settings);
  }
}

std::map<std::string, json> Settings(const json& value) {
  std::map<std::string, json> settings;
  CollectSettings(value, "", settings);
  return settings;
}

// Every setting with its default value, whose type tells how to read text.
const std::map<std::string, json>& DefaultSettings() {
  static const auto settings = Settings(ConfigurationToJson(Configuration{}));
  return settings;
}

std::string Trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

// `text` as a value of the type of `default_value`. Text that is not a value
// of the type stays a string, so that reading it names the type it must be.
json ValueFromText(const std::string& text, const json& default_value) {
  if (default_value.is_string()) return text;
  if (default_value.is_array()) {
    json list = json::array();
    for (std::size_t start = 0; start <= text.size();) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      if (std::string item = Trimmed(std::string_view(text).substr(start, comma - start));
          !item.empty()) {
        list.push_back(std::move(item));
      }
      start = comma + 1;
    }
    return list;
  }
  const json value = json::parse(text, nullptr, false);
  return value.is_discarded() || value.is_structured() || value.is_string() ? json(text) : value;
}

json::json_pointer Pointer(const std::string& key) {
  std::string pointer = "/" + key;
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  return json::json_pointer(pointer);
}

// nlohmann's messages open with "[json.exception.parse_error.101] ".
std::string WithoutExceptionId(const std::string& message) {
  const auto end = message.find("] ");
  return end == std::string::npos ? message : message.substr(end + 2);
}

json ReadFile(const ConfigSources& sources) {
  std::ifstream in(sources.file);
  if (!in) {
    if (sources.file_required)
      throw std::runtime_error(sources.file.string() + ": cannot read the file");
    return json::object();
  }
  try {
    return json::parse(in, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::exception& e) {  // a syntax error, or a number too large (out_of_range)
    throw std::runtime_error(sources.file.string() + ": " + WithoutExceptionId(e.what()));
  }
}

class Loader {
 public:
  explicit Loader(const ConfigSources& sources) : file_name_(sources.file.string()) {
    document_ = ReadFile(sources);
    for (const auto& [key, value] : Settings(document_)) loaded_.sources[key] = file_name_;
    // Each key's type is checked now, so that the overrides below meet
    // objects where they expect them; a check across keys (one that a later
    // source may satisfy) waits for the end.
    check(/*only_attributable=*/true);
    for (const auto& [name, text] : sources.environment) {
      if (!name.starts_with("GUTBOT_") || text.empty()) continue;
      if (const auto key = KeyOfVariable(name))
        apply({name, *key, text});
      else
        loaded_.unknown_variables.push_back(name);
    }
    for (const Override& flag : sources.flags) {
      if (!DefaultSettings().contains(flag.key))
        throw std::runtime_error(flag.source + ": unknown setting");
      apply(flag);
    }
    check(/*only_attributable=*/false);
  }

  LoadedConfiguration result() && { return std::move(loaded_); }

 private:
  static std::optional<std::string> KeyOfVariable(const std::string& name) {
    static const auto keys = [] {
      std::map<std::string, std::string> keys;
      for (const auto& [key, value] : DefaultSettings())
        keys.emplace(EnvironmentVariable(key), key);
      return keys;
    }();
    const auto key = keys.find(name);
    if (key == keys.end()) return std::nullopt;
    return key->second;
  }

  void apply(const Override& override) {
    document_[Pointer(override.key)] =
        ValueFromText(override.text, DefaultSettings().at(override.key));
    loaded_.sources[override.key] = override.source;
  }

  // Where the setting `key`, or a member of it, was set; nullptr if nowhere.
  const std::string* source_of(const std::string& key) const {
    for (auto it = loaded_.sources.lower_bound(key); it != loaded_.sources.end(); ++it) {
      if (it->first == key) return &it->second;
      if (!it->first.starts_with(key + ".")) break;
    }
    return nullptr;
  }

  void check(bool only_attributable) {
    try {
      loaded_.configuration = ConfigurationFromJson(document_);
    } catch (const SettingError& e) {
      const std::string* source = source_of(e.key());
      if (source == nullptr) {
        if (only_attributable) return;
        throw;
      }
      // A variable or a flag names its key itself.
      throw std::runtime_error(*source == file_name_ ? file_name_ + ": " + e.what()
                                                     : *source + ": " + e.problem());
    }
  }

  const std::string file_name_;
  json document_;
  LoadedConfiguration loaded_;
};

bool NamesSecret(std::string key) {
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (key.ends_with("_file")) return false;
  for (const char* word : {"token", "secret", "password", "api_key"}) {
    if (key.find(word) != std::string::npos) return true;
  }
  return false;
}

constexpr const char* kMask = "********";

// postgresql://user:PASSWORD@host/db?password=PASSWORD
std::string MaskUrlPassword(std::string url) {
  const auto scheme = url.find("://");
  if (!url.starts_with("postgres") || scheme == std::string::npos) return url;
  const auto authority_end = std::min(url.find_first_of("/?", scheme + 3), url.size());
  const auto at = url.rfind('@', authority_end);
  if (at != std::string::npos && at > scheme) {
    const auto colon = url.find(':', scheme + 3);
    if (colon < at) url.replace(colon + 1, at - colon - 1, kMask);
  }
  for (auto p = url.find("password=", authority_end); p != std::string::npos;
       p = url.find("password=", p + 1)) {
    const auto value = p + 9;
    url.replace(value, std::min(url.find('&', value), url.size()) - value, kMask);
  }
  return url;
}

json Masked(const json& value, const std::string& key) {
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [member, item] : value.items()) out[member] = Masked(item, member);
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) out.push_back(Masked(item, key));
    return out;
  }
  if (!value.is_string()) return value;
  if (NamesSecret(key) && !value.get_ref<const std::string&>().empty()) return kMask;
  return MaskUrlPassword(value.get<std::string>());
}

}  // namespace

Configuration ConfigurationFromJson(const json& object) { return Table().read(object, ""); }

json ConfigurationToJson(const Configuration& configuration) {
  return Table().write(configuration);
}

Override SetFlagOverride(std::string_view assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw std::runtime_error("--set " + std::string(assignment) +
                             ": expected KEY=VALUE, e.g. server.port=9000");
  }
  const std::string key(assignment.substr(0, equals));
  return {"--set " + key, key, std::string(assignment.substr(equals + 1))};
}

std::string EnvironmentVariable(std::string_view key) {
  std::string name = "GUTBOT_";
  for (const char c : key)
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

LoadedConfiguration LoadConfiguration(const ConfigSources& sources) {
  return Loader(sources).result();
}

std::map<std::string, std::string> EnvironmentMap(char** environment) {
  std::map<std::string, std::string> map;
  for (char** entry = environment; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals != std::string_view::npos)
      map.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return map;
}

json MaskSecrets(const json& configuration) { return Masked(configuration, ""); }

}  // namespace gutbot::adapters
