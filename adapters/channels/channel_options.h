// The messaging platforms' settings, read from the configuration file's
// "channels" object. A channel whose secret is empty is disabled: its webhook
// answers 404 "channel_disabled", it is never served unauthenticated.
// Plain values.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace gutbot::adapters {

struct RestOptions {
  // The key clients send as "Authorization: Bearer KEY" or "X-Api-Key".
  std::string api_key;
};

struct TelegramOptions {
  // The secret_token given to Telegram's setWebhook; Telegram sends it back
  // in X-Telegram-Bot-Api-Secret-Token.
  std::string secret_token;
};

struct SlackOptions {
  // The app's Signing Secret (Basic Information page).
  std::string signing_secret;
  // The bot's OAuth token (xoxb-...), for chat.postMessage; without it the
  // Events API is answered but slash commands are the only way to get replies.
  std::string bot_token;
  // Where chat.postMessage lives; tests point it at a local server.
  std::string api_base_url = "https://slack.com/api";
  // PEM file of the certificate authorities trusted for api_base_url; empty
  // uses the system's.
  std::string ca_file;
};

struct TwilioOptions {
  // The account's Auth Token, which signs every webhook request.
  std::string auth_token;
  // The webhook URL exactly as entered in Twilio's console, e.g.
  // "https://bot.example.com/webhooks/twilio/webhook": Twilio signs the URL
  // it called, which a proxy in front of the server may hide.
  std::string public_url;
};

struct ChannelOptions {
  RestOptions rest;
  TelegramOptions telegram;
  SlackOptions slack;
  TwilioOptions twilio;
  // How long the store's delivery ledger remembers a platform's delivery,
  // to answer its retries once.
  std::chrono::seconds delivery_ledger_ttl{3600};
};

// Reads the configuration's "channels" object: {"rest": {...}, "telegram":
// {...}, "slack": {...}, "twilio": {...}, "delivery_ledger_ttl" (seconds)}; absent keys keep their
// defaults. Throws SettingError (settings_table.h) naming the key ("channels.slack.bot_token: must
// be a string") on an unknown key or a wrong type, and when Twilio has an auth_token but no
// public_url.
ChannelOptions ChannelOptionsFromJson(const nlohmann::json& channels);

// The "channels" object that ChannelOptionsFromJson reads back as `options`,
// secrets included.
nlohmann::json ChannelOptionsToJson(const ChannelOptions& options);

}  // namespace gutbot::adapters
