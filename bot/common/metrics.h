// The process's measurements, exposed at /metrics in Prometheus' text format:
// counters and histograms by label values, and gauges read when rendered.
// Thread-safe; a counter or histogram, once looked up, is a stable reference
// updated with atomics, so hot paths look it up once and keep it.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bot/common/mutex.h"

namespace gutbot::bot {

// Label name -> value, in the order given.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void add(double by = 1);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);

  const std::vector<double>& bounds() const { return bounds_; }
  // Observations <= bounds()[i] (cumulative); the last entry counts all.
  std::vector<std::uint64_t> cumulative() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1 (the +Inf one)
  std::atomic<double> sum_{0};
};

class Metrics {
 public:
  // Bucket bounds in seconds for latencies from 50 µs to 10 s.
  static std::vector<double> LatencyBuckets();

  // The counter `name` with `labels`, created at zero on first use. Every
  // call for one name must give the same help text.
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::vector<double>& bounds, const Labels& labels = {});
  // A gauge whose value `read` gives at render time; it must be thread-safe
  // and outlive this registry or be replaced.
  void gauge(const std::string& name, const std::string& help, std::function<double()> read,
             const Labels& labels = {});

  // Every family, sorted by name, in Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  struct Family {
    std::string help;
    std::string type;                                          // "counter", "histogram", "gauge"
    std::map<std::string, std::unique_ptr<Counter>> counters;  // by rendered labels
    std::map<std::string, std::unique_ptr<Histogram>> histograms;  // by rendered labels
    std::map<std::string, std::function<double()>> gauges;         // by rendered labels
  };
  // The family `name`, created when new; throws std::logic_error when it
  // exists with another type.
  Family& family(const std::string& name, const std::string& help, const char* type)
      REQUIRES(mutex_);

  mutable Mutex mutex_;
  std::map<std::string, Family> families_ GUARDED_BY(mutex_);
};

}  // namespace gutbot::bot
