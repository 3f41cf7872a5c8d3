// gutbot's configuration: one model of every setting, and its loading from
// four sources, each overriding the one before: built-in defaults < the JSON
// file < GUTBOT_* environment variables < command-line flags. Start-up code:
// loading throws std::runtime_error naming the source and the key. Plain
// values.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/channels/channel_options.h"
#include "adapters/server/server_options.h"
#include "bot/common/log.h"

namespace gutbot::adapters {

struct LogOptions {
  // Lines below this level are dropped: debug, info, warn or error.
  bot::LogLevel level = bot::LogLevel::kInfo;
};

struct Configuration {
  // The knowledge base's folder.
  std::string knowledge_base = "knowledge/leaky-gut";
  // Where conversations are kept: a SQLite file, a postgresql:// URL, or
  // "memory:" (lost at exit).
  std::string store = "data/gutbot.db";
  // The secret that signs session tokens; instances sharing it accept each
  // other's sessions. Empty: this instance's own, kept in secret_file.
  std::string secret;
  // The file holding the instance's secret when `secret` is empty; created
  // with a random one (mode 0600) at first start.
  std::string secret_file = "data/secret";
  // Conversations idle for longer are deleted; 0 keeps them forever.
  std::uint32_t retention_days = 30;
  // Turns one conversation may hold ("conversation_full" beyond); 0: no limit.
  std::uint32_t max_turns_per_conversation = 1000;
  // New conversations are refused ("storage_full") while the SQLite file's
  // file system has less free space than this, in MiB; existing ones go on.
  // 0: no guard. (A PostgreSQL server watches its own disk.)
  std::uint32_t min_free_disk_mb = 512;
  // Where the self-harm reply sends a visitor in crisis ("call 988 or text
  // HOME to 741741"): this deployment's line. Empty: the knowledge base's
  // neutral default (a local emergency number or crisis line).
  std::string crisis_line;
  LogOptions log;
  ServerOptions server;
  ChannelOptions channels;
};

// Reads a whole configuration object; absent keys keep their defaults.
// Throws SettingError naming the key on an unknown key or a wrong type.
Configuration ConfigurationFromJson(const nlohmann::json& object);

// The object ConfigurationFromJson reads back as `configuration`, secrets
// included.
nlohmann::json ConfigurationToJson(const Configuration& configuration);

// One setting given as text: by an environment variable or a flag.
struct Override {
  // Where it came from, named in errors: "--port", "--set server.port".
  std::string source;
  // The key path: "server.port".
  std::string key;
  // The value, read by the key's type: numbers and true/false as written,
  // lists comma-separated.
  std::string text;
};

// The override of `--set KEY=VALUE`; throws std::runtime_error without "=".
Override SetFlagOverride(std::string_view assignment);

// The environment variable of a key path: "server.port" -> GUTBOT_SERVER_PORT.
std::string EnvironmentVariable(std::string_view key);

struct ConfigSources {
  // The JSON file; comments are allowed.
  std::filesystem::path file;
  // Whether a missing file is an error (given with --config) or means the
  // defaults (the default path).
  bool file_required = false;
  // The environment, name -> value. GUTBOT_* variables set the key of their
  // name; empty ones count as unset; other variables are ignored.
  std::map<std::string, std::string> environment;
  // The flags, applied in order after the environment.
  std::vector<Override> flags;
};

struct LoadedConfiguration {
  Configuration configuration;
  // Key path -> where its value came from (the file, a variable or a flag),
  // for every key not left at its default.
  std::map<std::string, std::string> sources;
  // GUTBOT_* variables that name no setting (a misspelling, or a variable
  // meant for something else, such as the tests'); worth a warning.
  std::vector<std::string> unknown_variables;
};

// Throws std::runtime_error with one message naming the source and the key:
// "config/gutbot.json: server.port: must be a whole number >= 0",
// "GUTBOT_SERVER_PORT: must be a whole number >= 0", "--port: ...".
LoadedConfiguration LoadConfiguration(const ConfigSources& sources);

// `environ` as a map.
std::map<std::string, std::string> EnvironmentMap(char** environment);

// `configuration` (as ConfigurationToJson writes it) with every secret
// replaced by "********": the non-empty strings under a key naming a token,
// secret, password or api_key (but not a *_file path to one), and the
// password inside a postgresql:// URL.
nlohmann::json MaskSecrets(const nlohmann::json& configuration);

}  // namespace gutbot::adapters
