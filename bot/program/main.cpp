// The gutbot program: one executable, one command per job (see
// docs/interfaces.md, "Command line"). Wiring happens here, in plain sight:
// knowledge base -> model -> dialogue -> engine -> store -> server.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/server/server.h"
#include "adapters/server/session_tokens.h"
#include "bot/common/json_text.h"
#include "bot/common/log.h"
#include "bot/engine/conversation_export.h"
#include "bot/engine/conversation_store.h"
#include "bot/engine/dialogue.h"
#include "bot/engine/engine.h"
#include "bot/engine/knowledge_reloader.h"
#include "bot/engine/runtime.h"
#include "bot/program/channels.h"
#include "bot/program/configuration.h"
#include "bot/program/report.h"
#include "bot/store/open_store.h"
#include "intents/evaluation.h"
#include "intents/intent_model.h"
#include "intents/safety_model.h"
#include "knowledge/content_checks.h"
#include "knowledge/loader.h"

namespace {

using nlohmann::json;
using namespace gutbot;

constexpr const char* kUsage = R"(usage: gutbot COMMAND [options]

  serve [--port P] [--db PATH|URL] [--config FILE] [--kb DIR] [--set KEY=VALUE]...
                                        run the HTTP + WebSocket server
  config check [--config FILE] [--set KEY=VALUE]...
                                        validate and print the effective configuration,
                                        secrets masked, and where each value came from
  ask [--json] "TEXT"                   answer one question
  chat [--db PATH]                      talk in the terminal
  classify [--explain]                  stdin: messages; stdout: one classification a line
  eval [--errors] [--classifier] FILE...
                                        evaluate on JSON Lines {"text","intents","safety"}: each
                                        message as a new visitor's first, or the classifier alone
  replay [--db PATH]                    stdin: {"user","text"} lines; stdout: reply objects
  export-nlu                            the training examples, by intent
  kb check [DIR]                        check a knowledge base; prints file:line: message
  forget USER [--db PATH]               delete a user's conversation
  export USER [--db PATH]               print a user's conversation as JSON
  report [--days N] [--json] [--db PATH]
                                        the content owner's figures: messages per day by
                                        coverage and safety, top intents, unanswered questions,
                                        answers rated "not helpful" (default: 14 days)

Every command takes --kb DIR (default knowledge/leaky-gut). serve, config check,
forget, export and report read the configuration: config/gutbot.json (or --config FILE),
then GUTBOT_* environment variables, then flags (--port, --threads, --static,
--db, --kb, --set KEY=VALUE), each winning over the one before; see README.md.
)";

// Command-line arguments: positional words and --flags (with or without value).
struct Args {
  std::vector<std::string> words;
  std::map<std::string, std::string> flags;
  // The values of --set, which may be given many times, in order.
  std::vector<std::string> settings;

  static Args Parse(int argc, char** argv, const std::vector<std::string>& switches) {
    Args a;
    for (int i = 1; i < argc; ++i) {
      std::string s = argv[i];
      if (s.starts_with("--")) {
        std::string name = s.substr(2), value;
        if (auto eq = name.find('='); eq != std::string::npos) {
          value = name.substr(eq + 1);
          name.resize(eq);
        } else if (std::find(switches.begin(), switches.end(), name) == switches.end()) {
          if (i + 1 >= argc) throw std::runtime_error("--" + name + " needs a value");
          value = argv[++i];
        }
        if (name == "set")
          a.settings.push_back(value);
        else
          a.flags[name] = value;
      } else {
        a.words.push_back(std::move(s));
      }
    }
    return a;
  }
  bool has(const std::string& f) const { return flags.count(f) > 0; }
  std::string get(const std::string& f, const std::string& fallback) const {
    auto it = flags.find(f);
    return it == flags.end() ? fallback : it->second;
  }
};

// The flags that set one configuration key each.
constexpr std::pair<const char*, const char*> kConfigurationFlags[] = {
    {"port", "server.port"},
    {"threads", "server.io_threads"},
    {"static", "server.static_dir"},
    {"db", "store"},
    {"kb", "knowledge_base"}};

// The configuration from config/gutbot.json (or --config FILE), GUTBOT_*
// variables and flags; sets the log level it names.
adapters::LoadedConfiguration ConfigurationFor(const Args& args) {
  adapters::ConfigSources sources;
  sources.file = args.get("config", bot::FindDefault("config/gutbot.json").string());
  sources.file_required = args.has("config");
  sources.environment = adapters::EnvironmentMap(environ);
  for (const auto& [flag, key] : kConfigurationFlags) {
    if (args.has(flag))
      sources.flags.push_back({"--" + std::string(flag), key, args.get(flag, "")});
  }
  for (const auto& assignment : args.settings)
    sources.flags.push_back(adapters::SetFlagOverride(assignment));
  adapters::LoadedConfiguration loaded = adapters::LoadConfiguration(sources);
  bot::SetLogThreshold(loaded.configuration.log.level);
  for (const auto& name : loaded.unknown_variables) {
    bot::LogEvent(bot::LogLevel::kWarn, "unknown_environment_variable", {{"name", name}});
  }
  // The default folders are found when not run from the repository root too.
  const adapters::Configuration defaults;
  adapters::Configuration& c = loaded.configuration;
  if (c.knowledge_base == defaults.knowledge_base)
    c.knowledge_base = bot::FindDefault(c.knowledge_base).string();
  if (c.server.static_dir == defaults.server.static_dir) {
    c.server.static_dir = bot::FindDefault(c.server.static_dir).string();
  }
  return loaded;
}

bot::Runtime Load(const Args& args) {
  return bot::LoadRuntime(args.get("kb", bot::FindDefault("knowledge/leaky-gut").string()));
}

// Reads one input line: plain text, or a JSON object with "text".
std::optional<std::string> LineText(const std::string& line, std::string& error) {
  if (!line.starts_with("{")) return line;
  const json j = json::parse(line, nullptr, false);
  if (j.is_discarded())
    error = "invalid JSON";
  else if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
    error = "missing string \"text\"";
  else
    return j["text"].get<std::string>();
  return std::nullopt;
}

// Runs one turn through the engine and waits for its committed reply.
bot::Result<bot::Reply> Turn(bot::Engine& engine, bot::Message message) {
  std::promise<bot::Result<bot::Reply>> done;
  auto reply = done.get_future();
  engine.submit(std::move(message),
                [&done](bot::Result<bot::Reply> r) { done.set_value(std::move(r)); });
  return reply.get();
}

int Classify(const Args& args) {
  const auto rt = Load(args);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::string error;
    auto text = LineText(line, error);
    if (!text) {
      std::cout << bot::JsonText(json{{"error", error}}) << '\n';
      continue;
    }
    json out = intents::ClassifyJson(*rt.model, *text);
    if (args.has("explain")) out["explain"] = rt.model->explain(*text);
    std::cout << bot::JsonText(out) << '\n';
  }
  return 0;
}

int Eval(const Args& args) {
  if (args.words.size() < 2) throw std::runtime_error("eval needs at least one FILE");
  const auto rt = Load(args);
  std::vector<intents::LabelledText> items;
  for (std::size_t f = 1; f < args.words.size(); ++f) {
    std::ifstream in(args.words[f]);
    if (!in) throw std::runtime_error("cannot read " + args.words[f]);
    std::vector<std::string> errors;
    auto read = intents::ReadLabelled(in, errors);
    for (const auto& e : errors) std::cerr << args.words[f] << ": " << e << '\n';
    items.insert(items.end(), std::make_move_iterator(read.begin()),
                 std::make_move_iterator(read.end()));
  }
  intents::EvalOptions options;
  options.errors = args.has("errors");
  if (args.has("classifier")) {
    std::cout << bot::JsonText(intents::Evaluate(*rt.model, items, options), 2) << '\n';
    return 0;
  }
  // What a visitor gets: the reply to a first message, safety screen included.
  const bot::Dialogue dialogue(rt.kb, rt.model);
  const auto read = [&](const std::string& text) {
    bot::ConversationState fresh;
    const bot::Reply r = dialogue.respond(fresh, text);
    return intents::Verdict{r.intent, r.confidence, r.safety, r.text};
  };
  std::cout << bot::JsonText(intents::Evaluate(read, items, options), 2) << '\n';
  return 0;
}

int Replay(const Args& args) {
  const auto rt = Load(args);
  bot::Engine engine(rt.kb, rt.model, bot::OpenStore(bot::StoreOptions(args.get("db", "memory:"))));
  std::string line;
  while (std::getline(std::cin, line)) {
    const json j = json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("user") || !j["user"].is_string() || !j.contains("text") ||
        !j["text"].is_string()) {
      std::cout << bot::JsonText(json{{"error", "expected {\"user\": string, \"text\": string}"}})
                << '\n';
      continue;
    }
    auto reply = Turn(engine, {j["user"], j["text"], "replay", j.value("id", "")});
    std::cout << bot::JsonText(reply ? bot::ToJson(reply.value())
                                     : json{{"error", reply.error().message}})
              << '\n';
  }
  return 0;
}

int ExportNlu(const Args& args) {
  const auto rt = Load(args);
  json out = {{"intents", json::object()}};
  for (const auto& t : rt.kb->topics) {
    auto& list = out["intents"][t.intent];
    for (const auto& e : t.examples) list.push_back(e);
  }
  std::cout << bot::JsonText(out) << '\n';
  return 0;
}

int Ask(const Args& args) {
  if (args.words.size() < 2) throw std::runtime_error("ask needs the question as its argument");
  std::string text;
  for (std::size_t i = 1; i < args.words.size(); ++i) text += (i > 1 ? " " : "") + args.words[i];
  const auto rt = Load(args);
  bot::Engine engine(rt.kb, rt.model, bot::OpenStore(bot::StoreOptions("memory:")));
  const bot::Reply reply = engine.ask(text);
  if (args.has("json"))
    std::cout << bot::JsonText(bot::ToJson(reply)) << '\n';
  else
    std::cout << reply.text << '\n';
  return 0;
}

int Chat(const Args& args) {
  const auto rt = Load(args);
  bot::Engine engine(rt.kb, rt.model, bot::OpenStore(bot::StoreOptions(args.get("db", "memory:"))));
  const bool tty = isatty(STDOUT_FILENO);
  auto show = [&](const std::string& text, const std::vector<std::string>& suggestions) {
    std::cout << (tty ? "\033[1mgutbot\033[0m " : "gutbot: ") << text << '\n';
    for (std::size_t i = 0; i < suggestions.size(); ++i) {
      std::cout << "  [" << i + 1 << "] " << suggestions[i] << '\n';
    }
  };
  std::vector<std::string> offered = engine.welcome_suggestions();
  show(engine.welcome_text(), offered);
  std::string line;
  while (std::cout << "> " << std::flush, std::getline(std::cin, line)) {
    if (line.empty()) continue;
    // A number picks one of the suggestions just shown.
    if (line.find_first_not_of("0123456789") == std::string::npos) {
      const auto n = std::stoul(line);
      if (n >= 1 && n <= offered.size()) line = offered[n - 1];
    }
    auto reply = Turn(engine, {"terminal", line, "cli", ""});
    if (!reply) {
      std::cout << "error: " << reply.error().message << '\n';
      continue;
    }
    offered = reply.value().suggestions;
    show(reply.value().text, offered);
  }
  std::cout << '\n';
  return 0;
}

int KbCheck(const Args& args) {
  const std::string dir =
      args.words.size() >= 3 ? args.words[2] : bot::FindDefault("knowledge/leaky-gut").string();
  const auto loaded = knowledge::LoadKnowledgeBase(dir, bot::ContractLoadOptions());
  for (const auto& p : loaded.problems) std::cout << knowledge::ToString(p) << '\n';
  if (!loaded.kb) return 1;
  // In our own words: checked against the source's text when the base names it.
  if (const auto& text_file = loaded.kb->source.text_file; !text_file.empty()) {
    const auto path = std::filesystem::path(dir) / text_file;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cout << path.string() << ": cannot read the source text; answers not compared with it\n";
    } else {
      std::stringstream text;
      text << in.rdbuf();
      const auto copied =
          knowledge::CheckOwnWords(*loaded.kb, knowledge::SourceRuns(text.str()), dir);
      for (const auto& p : copied) std::cout << knowledge::ToString(p) << '\n';
      if (!copied.empty()) return 1;
    }
  }
  std::size_t examples = 0;
  for (const auto& t : loaded.kb->topics) examples += t.examples.size();
  std::cout << dir << ": ok, " << loaded.kb->topics.size() << " topics, " << examples
            << " training examples\n";
  // The safety screen's second opinion and the operating points
  // cross-validation chose for it.
  if (const auto model = intents::SafetyModel::Build(*loaded.kb)) {
    std::cout << "safety second opinion: " << loaded.kb->safety_examples.size()
              << " safety examples\n";
    for (const auto& p : model->operating_points()) {
      std::cout << "  " << p.category << ": ";
      if (p.threshold > 1) {
        std::cout << "never raised (no threshold clears the quiet texts)\n";
        continue;
      }
      std::cout << "threshold " << p.threshold << ", cross-validated recall " << p.caught << " of "
                << p.support << ", other categories' texts reaching it " << p.quiet_hit << '\n';
    }
  }
  return 0;
}

int Forget(const Args& args) {
  if (args.words.size() < 2) throw std::runtime_error("forget needs a USER");
  auto store = bot::OpenStore(bot::StoreOptions(ConfigurationFor(args).configuration.store));
  auto r = store->forget(args.words[1]);
  if (!r) throw std::runtime_error(r.error().message);
  std::cout << bot::JsonText(json{{"user", args.words[1]}, {"forgotten", r.value()}}) << '\n';
  return 0;
}

int Export(const Args& args) {
  if (args.words.size() < 2) throw std::runtime_error("export needs a USER");
  auto store = bot::OpenStore(bot::StoreOptions(ConfigurationFor(args).configuration.store));
  auto out = bot::ExportConversation(*store, args.words[1]);
  if (!out) throw std::runtime_error(out.error().message);
  std::cout << bot::JsonText(out.value(), 2) << '\n';
  return 0;
}

int Report(const Args& args) {
  const adapters::LoadedConfiguration loaded = ConfigurationFor(args);
  const auto kb =
      knowledge::LoadKnowledgeBase(loaded.configuration.knowledge_base, bot::ContractLoadOptions());
  if (!kb.kb) throw std::runtime_error("cannot load " + loaded.configuration.knowledge_base);
  const int days = std::stoi(args.get("days", "14"));
  if (days < 1 || days > 366) throw std::runtime_error("--days must be from 1 to 366");
  auto store = bot::OpenStore(bot::StoreOptions(loaded.configuration.store));
  const auto written = bot::WriteReport(*store, *kb.kb, {days, args.has("json"), 0}, std::cout);
  if (!written) throw std::runtime_error(written.error().message);
  return 0;
}

int ConfigCheck(const Args& args) {
  const adapters::LoadedConfiguration loaded = ConfigurationFor(args);
  const json out = {
      {"configuration", adapters::MaskSecrets(adapters::ConfigurationToJson(loaded.configuration))},
      {"sources", loaded.sources}};
  std::cout << bot::JsonText(out, 2) << '\n';
  return 0;
}

int Serve(const Args& args) {
  const adapters::Configuration config = ConfigurationFor(args).configuration;
  const adapters::ServerOptions& options = config.server;
  const auto rt = bot::LoadRuntime(config.knowledge_base);
  bot::LogEvent(bot::LogLevel::kInfo, "knowledge_base_loaded",
                {{"name", rt.kb->name}, {"topics", rt.kb->topics.size()}});

  bot::EngineOptions engine_options;
  engine_options.retention = std::chrono::hours(24 * config.retention_days);
  engine_options.log_message_text = config.server.log_message_text;
  engine_options.dialogue.crisis_line = config.crisis_line;
  engine_options.quota.max_turns_per_conversation = config.max_turns_per_conversation;
  if (const auto sqlite = bot::SqlitePath(config.store); sqlite && config.min_free_disk_mb > 0) {
    const auto folder =
        sqlite->parent_path().empty() ? std::filesystem::path(".") : sqlite->parent_path();
    engine_options.quota.room_for_new_conversation =
        bot::FreeDiskGuard(folder, std::uintmax_t{config.min_free_disk_mb} * 1024 * 1024);
  }
  auto engine = std::make_shared<bot::Engine>(
      rt.kb, rt.model, bot::OpenStore(bot::StoreOptions(config.store)), engine_options);
  // A secret set in the configuration (GUTBOT_SECRET) is shared between
  // instances; otherwise each keeps its own in secret_file.
  adapters::SessionTokens tokens(
      config.secret.empty() ? adapters::LoadOrCreateSecret(config.secret_file) : config.secret,
      options.session_max_age, options.session_lifetime);
  adapters::Server server(options, engine, std::move(tokens),
                          adapters::MessagingChannels(config.channels),
                          config.channels.delivery_ledger_ttl,
                          std::make_shared<bot::KnowledgeReloader>(engine, config.knowledge_base));
  const unsigned short port = server.listen();
  bot::LogEvent(bot::LogLevel::kInfo, "listening", {{"address", options.address}, {"port", port}});
  server.run();
  bot::LogEvent(bot::LogLevel::kInfo, "stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = Args::Parse(argc, argv, {"json", "errors", "explain", "help", "classifier"});
    const std::string command = args.words.empty() ? "" : args.words[0];
    if (command == "serve") return Serve(args);
    if (command == "config" && args.words.size() >= 2 && args.words[1] == "check")
      return ConfigCheck(args);
    if (command == "ask") return Ask(args);
    if (command == "chat") return Chat(args);
    if (command == "classify") return Classify(args);
    if (command == "eval") return Eval(args);
    if (command == "replay") return Replay(args);
    if (command == "export-nlu") return ExportNlu(args);
    if (command == "kb" && args.words.size() >= 2 && args.words[1] == "check") return KbCheck(args);
    if (command == "forget") return Forget(args);
    if (command == "export") return Export(args);
    if (command == "report") return Report(args);
    std::cerr << kUsage;
    return args.has("help") ? 0 : 2;
  } catch (const std::exception& ex) {
    bot::LogEvent(bot::LogLevel::kError, "fatal", {{"message", ex.what()}});
    return 1;
  }
}
