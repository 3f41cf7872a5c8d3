#include "adapters/channels/channel_options.h"

#include <nlohmann/json.hpp>

#include "bot/common/settings_table.h"

namespace gutbot::adapters {
namespace {

using nlohmann::json;

const SettingsTable<RestOptions>& RestTable() {
  static const auto table = SettingsTable<RestOptions>().add("api_key", &RestOptions::api_key);
  return table;
}

const SettingsTable<TelegramOptions>& TelegramTable() {
  static const auto table =
      SettingsTable<TelegramOptions>().add("secret_token", &TelegramOptions::secret_token);
  return table;
}

const SettingsTable<SlackOptions>& SlackTable() {
  static const auto table = SettingsTable<SlackOptions>()
                                .add("signing_secret", &SlackOptions::signing_secret)
                                .add("bot_token", &SlackOptions::bot_token)
                                .add("api_base_url", &SlackOptions::api_base_url)
                                .add("ca_file", &SlackOptions::ca_file);
  return table;
}

const SettingsTable<TwilioOptions>& TwilioTable() {
  static const auto table = SettingsTable<TwilioOptions>()
                                .add("auth_token", &TwilioOptions::auth_token)
                                .add("public_url", &TwilioOptions::public_url);
  return table;
}

// The member `channel` of ChannelOptions, read and written by `table` under
// the key path "channels.<key>".
template <class Options>
void AddChannel(SettingsTable<ChannelOptions>& table, const std::string& key,
                Options ChannelOptions::*channel,
                const SettingsTable<Options>& (*channel_table)()) {
  table.add(
      key,
      [=](ChannelOptions& options, const json& value) {
        options.*channel = channel_table().read(value, "channels." + key);
      },
      [=](const ChannelOptions& options) { return channel_table().write(options.*channel); });
}

const SettingsTable<ChannelOptions>& Table() {
  static const auto table = [] {
    SettingsTable<ChannelOptions> channels;
    AddChannel(channels, "rest", &ChannelOptions::rest, RestTable);
    AddChannel(channels, "telegram", &ChannelOptions::telegram, TelegramTable);
    AddChannel(channels, "slack", &ChannelOptions::slack, SlackTable);
    AddChannel(channels, "twilio", &ChannelOptions::twilio, TwilioTable);
    channels.add("delivery_ledger_ttl", &ChannelOptions::delivery_ledger_ttl);
    return channels;
  }();
  return table;
}

}  // namespace

ChannelOptions ChannelOptionsFromJson(const json& channels) {
  ChannelOptions options = Table().read(channels, "channels");
  if (!options.twilio.auth_token.empty() && options.twilio.public_url.empty()) {
    throw SettingError("channels.twilio.public_url",
                       "needed with an auth_token (the URL Twilio calls)");
  }
  return options;
}

json ChannelOptionsToJson(const ChannelOptions& options) { return Table().write(options); }

}  // namespace gutbot::adapters
