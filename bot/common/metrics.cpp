#include "bot/common/metrics.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace gutbot::bot {
namespace {

// Label values may hold anything; the format escapes \, " and newlines.
std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string RenderLabels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) out += ',';
    out.append(name).append("=\"").append(EscapeLabel(value)).append("\"");
  }
  return out + "}";
}

// `labels` (rendered, possibly empty) with one more label appended.
std::string WithLabel(const std::string& labels, const std::string& name,
                      const std::string& value) {
  std::string pair = name + "=\"" + value + "\"";
  if (labels.empty()) return "{" + pair + "}";
  return labels.substr(0, labels.size() - 1) + "," + pair + "}";
}

std::string Number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::ostringstream out;
  out.precision(12);
  out << v;
  return out.str();
}

void AddAtomic(std::atomic<double>& target, double by) {
  double old = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(old, old + by, std::memory_order_relaxed)) {
  }
}

}  // namespace

void Counter::add(double by) { AddAtomic(value_, by); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end()))
    throw std::invalid_argument("unsorted bounds");
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i] = 0;
}

void Histogram::observe(double value) {
  const auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  buckets_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
  AddAtomic(sum_, value);
}

std::vector<std::uint64_t> Histogram::cumulative() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    total += buckets_[i].load(std::memory_order_relaxed);
    out[i] = total;
  }
  return out;
}

std::vector<double> Metrics::LatencyBuckets() {
  return {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,    0.1,    0.25,    0.5,    1,     2.5,    5,     10};
}

Metrics::Family& Metrics::family(const std::string& name, const std::string& help,
                                 const char* type) {
  auto [it, created] = families_.try_emplace(name);
  if (created) {
    it->second.help = help;
    it->second.type = type;
  } else if (it->second.type != type) {
    throw std::logic_error("metric " + name + " registered as " + it->second.type);
  }
  return it->second;
}

Counter& Metrics::counter(const std::string& name, const std::string& help, const Labels& labels) {
  MutexLock lock(mutex_);
  auto& slot = family(name, help, "counter").counters[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Histogram& Metrics::histogram(const std::string& name, const std::string& help,
                              const std::vector<double>& bounds, const Labels& labels) {
  MutexLock lock(mutex_);
  auto& slot = family(name, help, "histogram").histograms[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

void Metrics::gauge(const std::string& name, const std::string& help, std::function<double()> read,
                    const Labels& labels) {
  MutexLock lock(mutex_);
  family(name, help, "gauge").gauges[RenderLabels(labels)] = std::move(read);
}

std::string Metrics::render() const {
  MutexLock lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out.append("# HELP ").append(name).append(" ").append(f.help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(f.type).append("\n");
    for (const auto& [labels, counter] : f.counters) {
      out.append(name).append(labels).append(" ").append(Number(counter->value())).append("\n");
    }
    for (const auto& [labels, read] : f.gauges) {
      out.append(name).append(labels).append(" ").append(Number(read())).append("\n");
    }
    for (const auto& [labels, h] : f.histograms) {
      const auto counts = h->cumulative();
      for (std::size_t i = 0; i < counts.size(); ++i) {
        const double bound = i < h->bounds().size() ? h->bounds()[i] : INFINITY;
        out.append(name)
            .append("_bucket")
            .append(WithLabel(labels, "le", Number(bound)))
            .append(" ")
            .append(std::to_string(counts[i]))
            .append("\n");
      }
      out.append(name)
          .append("_sum")
          .append(labels)
          .append(" ")
          .append(Number(h->sum()))
          .append("\n");
      out.append(name)
          .append("_count")
          .append(labels)
          .append(" ")
          .append(std::to_string(counts.back()))
          .append("\n");
    }
  }
  return out;
}

}  // namespace gutbot::bot
