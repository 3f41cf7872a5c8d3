// The configuration as `gutbot serve` loads it: the JSON file (comments
// allowed), then GUTBOT_* environment variables and --set flags. The input is
// the file's text, a NUL byte, then one override a line ("GUTBOT_KEY=value"
// is a variable, anything else a --set flag). A bad configuration must be
// refused with std::runtime_error naming the source and key, never a crash
// or another exception.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bot/program/configuration.h"

namespace {

const std::filesystem::path& ConfigFile() {
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("gutbot-config-fuzzer-" + std::to_string(::getpid()) + ".json");
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gutbot::adapters;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  std::ofstream(ConfigFile(), std::ios::binary | std::ios::trunc) << input.substr(0, nul);

  try {
    ConfigSources sources{ConfigFile(), /*file_required=*/true, {}, {}};
    std::istringstream overrides(
        nul == std::string_view::npos ? std::string() : std::string(input.substr(nul + 1)));
    for (std::string line; std::getline(overrides, line);) {
      if (line.starts_with("GUTBOT_")) {
        const auto equals = line.find('=');
        sources.environment[line.substr(0, equals)] =
            equals == std::string::npos ? "" : line.substr(equals + 1);
      } else {
        sources.flags.push_back(SetFlagOverride(line));
      }
    }
    const auto loaded = LoadConfiguration(sources);
    // What was loaded is written back and read again unchanged.
    ConfigurationFromJson(ConfigurationToJson(loaded.configuration));
  } catch (const std::runtime_error&) {
  }
  return 0;
}
