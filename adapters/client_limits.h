// Limits per client address, shared by all connections of a server: how
// many connections one address holds open, how many the server holds in
// total, and how fast one address may call /v1/*. Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "adapters/server_options.h"
#include "adapters/token_bucket.h"

namespace gutbot::adapters {

class ClientLimits : public std::enable_shared_from_this<ClientLimits> {
 public:
  enum class Admission { kAdmitted, kTooManyFromAddress, kServerFull };
  // Holds one counted connection; releasing it (the last copy) uncounts it.
  using Lease = std::shared_ptr<void>;

  explicit ClientLimits(const ServerOptions& options);

  // Counts a connection from `peer` (its IP address as text). A trusted
  // proxy's connections count towards the total only. The lease is null
  // unless admitted.
  std::pair<Admission, Lease> admit(const std::string& peer);

  // Takes one request from `client`'s allowance; false when it is spent.
  bool allow_request(const std::string& client);

  bool trusted_proxy(std::string_view peer) const;
  std::size_t open_connections() const;

 private:
  void release(const std::string& peer);

  const std::size_t max_per_address_;
  const std::size_t max_total_;
  const double request_rate_;
  const double request_burst_;
  const std::vector<std::string> trusted_proxies_;

  mutable std::mutex mutex_;
  // The fields below are guarded by mutex_.
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;
  std::unordered_map<std::string, TokenBucket> request_buckets_;
};

// Who a request comes from: the peer's address, or, when the peer is a
// trusted proxy, the nearest address in X-Forwarded-For that is not one.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const ClientLimits& limits);

}  // namespace gutbot::adapters
