#include "adapters/server/server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <csignal>
#include <exception>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

#include "adapters/server/descriptor_limit.h"
#include "adapters/server/io_failure_log.h"
#include "adapters/server/listener.h"
#include "adapters/server/routes.h"
#include "adapters/server/server_context.h"
#include "adapters/server/webhooks.h"

namespace gutbot::adapters {

namespace net = boost::asio;

namespace {

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  return text.str();
}

// A file of the web folder, or empty with a warning `missing_event` when
// it cannot be read (its route then answers 404).
std::string ReadStaticFile(const std::string& dir, const std::string& name,
                           const char* missing_event) {
  std::string text = ReadFileOrEmpty(dir + "/" + name);
  if (text.empty()) {
    LogEvent(bot::LogLevel::kWarn, missing_event, {{"static_dir", dir}, {"file", name}});
  }
  return text;
}

// A script the server serves for other sites' pages (the widget, the FAQ
// block) with embed.js, the helpers they share, before it, the two in one
// scope of their own; empty when either file is missing.
std::string EmbeddedScript(const std::string& shared, const std::string& script) {
  if (shared.empty() || script.empty()) return "";
  return "(() => {\n" + shared + "\n" + script + "\n})();\n";
}

}  // namespace

void LogReload(const ServerContext& context, const bot::Result<nlohmann::json>& result) {
  context.engine->metrics()
      .counter("gutbot_knowledge_reloads_total", "Knowledge-base reloads, by result.",
               {{"result", result ? "ok" : "refused"}})
      .add();
  if (result) {
    LogEvent(bot::LogLevel::kInfo, "knowledge_base_reloaded", result.value());
  } else {
    LogEvent(bot::LogLevel::kError, "knowledge_base_refused", {{"reason", result.error().message}});
  }
}

class Server::Impl {
 public:
  Impl(ServerOptions options, std::shared_ptr<bot::Engine> engine, SessionTokens tokens,
       const Channels& channels, std::chrono::seconds delivery_ledger_ttl,
       std::shared_ptr<bot::KnowledgeReloader> reloader)
      : context_(std::make_shared<ServerContext>(std::move(options), std::move(engine),
                                                 std::move(tokens))),
        strand_(net::make_strand(ioc_)),
        signals_(strand_, SIGINT, SIGTERM),
        hangup_(strand_, SIGHUP),
        drain_timer_(strand_),
        log_timer_(strand_) {
    context_->webhooks = std::make_shared<Webhooks>(channels, delivery_ledger_ttl);
    context_->routes = std::make_shared<RouteTable>(ServerRoutes(channels));
    fit_connections_to_descriptors();
    context_->limits = std::make_shared<ClientLimits>(context_->options);
    context_->reloader = std::move(reloader);
    bot::Metrics& metrics = context_->engine->metrics();
    metrics.gauge(
        "gutbot_open_connections", "Open HTTP and WebSocket connections.",
        [limits = context_->limits] { return static_cast<double>(limits->open_connections()); });
    // Read once here: the I/O threads never wait on the disk.
    const std::string& dir = context_->options.static_dir;
    context_->index_page = ReadStaticFile(dir, "index.html", "demo_page_missing");
    const std::string embed = ReadStaticFile(dir, "embed.js", "embed_script_missing");
    context_->widget_script =
        EmbeddedScript(embed, ReadStaticFile(dir, "widget.js", "widget_missing"));
    context_->faq_script = DocumentWithEtag(
        EmbeddedScript(embed, ReadStaticFile(dir, "faq.js", "faq_script_missing")));
    context_->admin_page = ReadStaticFile(dir, "admin.html", "console_missing");
    context_->admin_script = ReadStaticFile(dir, "admin.js", "console_missing");
  }

  ~Impl() { context_->callbacks.wait_idle(); }

  unsigned short listen() {
    const ServerOptions& options = context_->options;
    boost::system::error_code ec;
    const auto address = net::ip::make_address(options.address, ec);
    if (ec) throw std::system_error(ec, "listen address " + options.address);
    listener_ = std::make_shared<Listener>(ioc_, context_);
    return listener_->open({address, options.port});
  }

  void run() {
    if (!listener_) listen();
    context_->ready = true;
    listener_->start();
    signals_.async_wait([this](boost::system::error_code ec, int signal) {
      if (ec) return;
      LogEvent(bot::LogLevel::kInfo, "signal", {{"signal", signal}});
      begin_shutdown();
    });
    if (context_->reloader) wait_for_hangup();
    flush_log_summary();
    const std::size_t threads = std::max<std::size_t>(context_->options.io_threads, 1);
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (std::size_t i = 1; i < threads; ++i) pool.emplace_back([this] { run_io(); });
    run_io();
    for (auto& thread : pool) thread.join();
    context_->log_summary.flush(LogSummary::Clock::now(), /*all=*/true);
  }

  void stop() {
    net::post(strand_, [this] { begin_shutdown(); });
  }

 private:
  // A handler that throws (a bug) abandons its connection, not the server:
  // io_context::run() may be called again after an exception.
  void run_io() {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        LogEvent(bot::LogLevel::kError, "handler_failed", {{"error", e.what()}});
      }
    }
  }

  // SIGHUP reloads the knowledge base, as daemons reread their configuration.
  void wait_for_hangup() {
    hangup_.async_wait([this](boost::system::error_code ec, int) {
      if (ec) return;
      LogEvent(bot::LogLevel::kInfo, "signal", {{"signal", SIGHUP}});
      context_->reloader->reload([context = context_](bot::Result<nlohmann::json> result) {
        LogReload(*context, result);
      });
      wait_for_hangup();
    });
  }

  // Each connection is a descriptor: past the process's limit accepts fail
  // and even the probes go unanswered, so the connection limit stays below it.
  void fit_connections_to_descriptors() {
    ServerOptions& options = context_->options;
    const std::size_t descriptors = RaiseDescriptorLimit();
    const std::size_t fit =
        ConnectionsThatFit(options.max_connections, options.health_connections, descriptors);
    if (fit == options.max_connections) return;
    LogEvent(
        bot::LogLevel::kWarn, "max_connections_lowered",
        {{"configured", options.max_connections}, {"now", fit}, {"descriptor_limit", descriptors}});
    options.max_connections = fit;
  }

  // Writes the counted log lines every interval, while the server runs.
  void flush_log_summary() {
    log_timer_.expires_after(std::max<std::chrono::seconds>(context_->options.log_summary_interval,
                                                            std::chrono::seconds(1)));
    log_timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      context_->log_summary.flush();
      flush_log_summary();
    });
  }

  // On strand_.
  void begin_shutdown() {
    if (shutting_down_) return;
    shutting_down_ = true;
    context_->ready = false;
    signals_.cancel();
    hangup_.cancel();
    log_timer_.cancel();
    if (listener_) listener_->stop();
    context_->connections.shutdown_all();
    drain_deadline_ = std::chrono::steady_clock::now() + context_->options.shutdown_timeout;
    wait_for_drain();
  }

  // Polls rather than counting down in each connection's destructor: the
  // drain runs once per process life, and this keeps the connections free
  // of any reference back to the server.
  void wait_for_drain() {
    if (context_->connections.size() == 0 || std::chrono::steady_clock::now() >= drain_deadline_) {
      return ioc_.stop();
    }
    drain_timer_.expires_after(std::chrono::milliseconds(20));
    drain_timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) wait_for_drain();
    });
  }

  std::shared_ptr<ServerContext> context_;
  net::io_context ioc_;
  net::strand<net::io_context::executor_type> strand_;
  // Below: used on strand_ only.
  net::signal_set signals_;
  net::signal_set hangup_;
  net::steady_timer drain_timer_;
  net::steady_timer log_timer_;
  std::chrono::steady_clock::time_point drain_deadline_;
  bool shutting_down_ = false;
  std::shared_ptr<Listener> listener_;
};

Server::Server(ServerOptions options, std::shared_ptr<bot::Engine> engine, SessionTokens tokens,
               const Channels& channels, std::chrono::seconds delivery_ledger_ttl,
               std::shared_ptr<bot::KnowledgeReloader> reloader)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(engine), std::move(tokens),
                                   channels, delivery_ledger_ttl, std::move(reloader))) {}

Server::~Server() = default;

unsigned short Server::listen() { return impl_->listen(); }

void Server::run() { impl_->run(); }

void Server::stop() { impl_->stop(); }

}  // namespace gutbot::adapters
