#include "adapters/client_limits.h"

#include <algorithm>

namespace gutbot::adapters {
namespace {

// Request buckets of clients that went quiet are dropped once this many
// addresses are tracked, so that a scan of many addresses cannot grow the
// map without bound.
constexpr std::size_t kBucketsBeforeSweep = 10000;

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

ClientLimits::ClientLimits(const ServerOptions& options)
    : max_per_address_(options.max_connections_per_address),
      max_total_(options.max_connections),
      request_rate_(options.http_requests_per_second),
      request_burst_(options.http_burst),
      trusted_proxies_(options.trusted_proxies) {}

bool ClientLimits::trusted_proxy(std::string_view peer) const {
  return std::find(trusted_proxies_.begin(), trusted_proxies_.end(), peer) != trusted_proxies_.end();
}

std::pair<ClientLimits::Admission, ClientLimits::Lease> ClientLimits::admit(const std::string& peer) {
  const bool counted_alone = !trusted_proxy(peer);
  {
    const std::lock_guard lock(mutex_);
    if (total_ >= max_total_) return {Admission::kServerFull, nullptr};
    if (counted_alone) {
      std::size_t& mine = per_address_[peer];
      if (mine >= max_per_address_) return {Admission::kTooManyFromAddress, nullptr};
      ++mine;
    }
    ++total_;
  }
  // The lease keeps this object alive, so a connection may outlive the rest.
  auto self = shared_from_this();
  Lease lease(static_cast<void*>(this), [self, peer = counted_alone ? peer : std::string()](void*) {
    self->release(peer);
  });
  return {Admission::kAdmitted, std::move(lease)};
}

void ClientLimits::release(const std::string& peer) {
  const std::lock_guard lock(mutex_);
  --total_;
  if (peer.empty()) return;
  const auto it = per_address_.find(peer);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

bool ClientLimits::allow_request(const std::string& client) {
  if (request_rate_ <= 0) return true;
  const auto now = TokenBucket::Clock::now();
  const std::lock_guard lock(mutex_);
  if (request_buckets_.size() >= kBucketsBeforeSweep) {
    std::erase_if(request_buckets_, [now](const auto& entry) { return entry.second.full(now); });
  }
  auto it = request_buckets_.try_emplace(client, request_rate_, request_burst_, now).first;
  return it->second.take(now);
}

std::size_t ClientLimits::open_connections() const {
  const std::lock_guard lock(mutex_);
  return total_;
}

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const ClientLimits& limits) {
  if (!limits.trusted_proxy(peer)) return peer;
  // Each proxy appends the address it heard from: read from the right.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view hop = Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    if (!hop.empty() && !limits.trusted_proxy(hop)) return std::string(hop);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(0, comma);
  }
  return peer;
}

}  // namespace gutbot::adapters
