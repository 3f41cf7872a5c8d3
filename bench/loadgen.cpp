// WebSocket load generator for gutbot's widget protocol (and the echo
// baseline): N connections, request-reply or pipelined, bounded by a message
// count and a duration, loopback only. One io_context per thread, each thread
// driving its share of the connections. Prints one JSON object.
#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>
#include <thread>

#include "bench/load_connection.h"
#include "bench/load_options.h"

namespace gutbot::bench {
namespace {

namespace net = boost::asio;
using nlohmann::json;

// Counts connections that opened or failed to, so the main thread can wait
// for the ramp-up to end.
class Settlement {
 public:
  void settled(bool opened) {
    {
      std::lock_guard lock(mutex_);
      ++settled_;
      if (opened) ++opened_;
    }
    all_settled_.notify_one();
  }
  std::size_t wait_for(std::size_t connections) {
    std::unique_lock lock(mutex_);
    all_settled_.wait(lock, [&] { return settled_ == connections; });
    return opened_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_settled_;
  std::size_t settled_ = 0, opened_ = 0;
};

// One thread: its io_context, its connections (global index thread + k *
// threads), opened on the ramp's schedule, and its tally.
class Worker {
 public:
  Worker(const LoadOptions& options, LoadPlan& plan, Settlement& settlement, std::size_t number)
      : options_(options), plan_(plan), number_(number), ramp_timer_(ioc_), cutoff_(ioc_) {
    events_.settled = [this, &settlement](bool opened) {
      if (opened) ++open_;
      settlement.settled(opened);
    };
    events_.finished = [this] {
      if (--open_ == 0) cutoff_.cancel();
    };
  }

  void start(Clock::time_point ramp_start) {
    thread_ = std::thread([this] { ioc_.run(); });
    net::post(ioc_, [this, ramp_start] { open_next(ramp_start); });
  }

  // Sends until the plan runs out; replies still missing `timeout` after the
  // deadline are given up.
  void begin() {
    net::post(ioc_, [this] {
      for (auto& connection : connections_) connection->begin();
      if (open_ == 0) return;
      cutoff_.expires_at(plan_.deadline + plan_.timeout);
      cutoff_.async_wait([this](boost::system::error_code ec) {
        if (!ec)
          for (auto& connection : connections_) connection->cut();
      });
    });
    guard_.reset();
  }

  void close() {
    net::post(ioc_, [this] {
      for (auto& connection : connections_) connection->close();
    });
    guard_.reset();
  }

  void join() { thread_.join(); }
  const Tally& tally() const { return tally_; }

 private:
  void open_next(Clock::time_point ramp_start) {
    const std::size_t index = number_ + connections_.size() * options_.threads;
    if (index >= options_.connections) return;
    connections_.push_back(std::make_shared<LoadConnection>(ioc_, plan_, tally_, events_, index));
    connections_.back()->open(options_.server, options_.path);
    const auto due =
        ramp_start + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>((index + options_.threads) / options_.ramp));
    ramp_timer_.expires_at(due);
    ramp_timer_.async_wait([this, ramp_start](boost::system::error_code ec) {
      if (!ec) open_next(ramp_start);
    });
  }

  const LoadOptions& options_;
  LoadPlan& plan_;
  std::size_t number_;
  net::io_context ioc_{1};
  net::executor_work_guard<net::io_context::executor_type> guard_ = net::make_work_guard(ioc_);
  net::steady_timer ramp_timer_, cutoff_;
  ConnectionEvents events_;
  std::vector<std::shared_ptr<LoadConnection>> connections_;
  std::size_t open_ = 0;
  Tally tally_;
  std::thread thread_;
};

std::vector<std::string> ReadTexts(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read the messages file " + path);
  std::vector<std::string> texts;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.front() != '#') texts.push_back(json(line).dump());
  }
  if (texts.empty()) throw std::invalid_argument(path + " holds no messages");
  return texts;
}

// Nearest-rank percentile of sorted samples, in microseconds.
double PercentileUs(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(sorted.size())));
  const auto ns = sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
  return std::round(static_cast<double>(ns) / 100.0) / 10.0;
}

json Report(const LoadOptions& options, std::size_t opened,
            const std::vector<std::unique_ptr<Worker>>& workers, Clock::time_point start) {
  std::vector<std::int64_t> latencies;
  std::uint64_t sent = 0;
  std::map<std::string, std::uint64_t> errors;
  Clock::time_point end = start;
  for (const auto& worker : workers) {
    const Tally& t = worker->tally();
    latencies.insert(latencies.end(), t.latencies_ns.begin(), t.latencies_ns.end());
    sent += t.sent;
    for (const auto& [kind, count] : t.errors) errors[kind] += count;
    end = std::max(end, t.last_reply);
  }
  std::sort(latencies.begin(), latencies.end());
  std::uint64_t error_count = 0;
  for (const auto& [kind, count] : errors) error_count += count;
  const double seconds = std::chrono::duration<double>(end - start).count();
  json report = {{"mode", options.idle         ? "idle"
                          : options.depth == 1 ? "request-reply"
                                               : "pipelined"},
                 {"connections", options.connections},
                 {"open", opened},
                 {"errors", error_count},
                 {"error_kinds", errors}};
  if (options.idle) return report;
  report["depth"] = options.depth;
  report["sent"] = sent;
  report["messages"] = latencies.size();
  report["seconds"] = std::round(seconds * 1000) / 1000;
  report["throughput"] =
      seconds > 0 ? std::llround(static_cast<double>(latencies.size()) / seconds) : 0;
  report["latency_us"] = {{"p50", PercentileUs(latencies, 50)},
                          {"p90", PercentileUs(latencies, 90)},
                          {"p99", PercentileUs(latencies, 99)},
                          {"p99.9", PercentileUs(latencies, 99.9)},
                          {"max", PercentileUs(latencies, 100)}};
  return report;
}

// Idle mode's hold: until `duration` passes, or SIGINT / SIGTERM.
void Hold(const sigset_t& stop_signals, std::chrono::milliseconds duration) {
  const auto whole = std::chrono::duration_cast<std::chrono::seconds>(duration);
  const timespec wait{static_cast<time_t>(whole.count()),
                      static_cast<long>(std::chrono::nanoseconds(duration - whole).count())};
  sigtimedwait(&stop_signals, nullptr, &wait);
}

int Run(const LoadOptions& options) {
  LoadPlan plan;
  plan.texts = ReadTexts(options.messages_file);
  plan.depth = options.depth;
  plan.budget = static_cast<std::int64_t>(options.messages);
  plan.timeout = options.timeout;

  // The worker threads inherit the mask: only Hold() receives these.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Settlement settlement;
  std::vector<std::unique_ptr<Worker>> workers;
  for (std::size_t i = 0; i < options.threads; ++i) {
    workers.push_back(std::make_unique<Worker>(options, plan, settlement, i));
  }
  const auto ramp_start = Clock::now();
  for (auto& worker : workers) worker->start(ramp_start);
  const std::size_t opened = settlement.wait_for(options.connections);

  const auto start = Clock::now();
  if (options.idle) {
    // Printed as soon as every connection is open, so that a script can
    // measure the server while they are held.
    std::cout << Report(options, opened, workers, start).dump() << std::endl;
    Hold(stop_signals, options.duration);
    for (auto& worker : workers) worker->close();
  } else {
    plan.deadline = start + options.duration;
    for (auto& worker : workers) worker->begin();
  }
  for (auto& worker : workers) worker->join();
  if (!options.idle) std::cout << Report(options, opened, workers, start).dump() << std::endl;
  return 0;
}

}  // namespace
}  // namespace gutbot::bench

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--help") {
    std::cout << gutbot::bench::kLoadUsage;
    return 0;
  }
  gutbot::bench::LoadOptions options;
  try {
    options = gutbot::bench::ParseLoadOptions(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "loadgen: " << e.what() << "\n" << gutbot::bench::kLoadUsage;
    return 2;
  }
  try {
    return gutbot::bench::Run(options);
  } catch (const std::exception& e) {
    std::cerr << "loadgen: " << e.what() << "\n";
    return 1;
  }
}
