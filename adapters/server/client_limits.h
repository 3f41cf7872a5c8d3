// Limits per client address, shared by all connections of a server: how
// many connections one address holds open, how many the server holds in
// total, and how fast one address may call /v1/* and the webhooks.
// Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "adapters/server/address_range.h"
#include "adapters/server/address_rates.h"
#include "adapters/server/server_options.h"
#include "bot/common/mutex.h"

namespace gutbot::adapters {

class ClientLimits : public std::enable_shared_from_this<ClientLimits> {
 public:
  enum class Admission {
    kAdmitted,
    // The server is full, but one of the places kept for the health and
    // readiness probes is free: the connection may ask /healthz or /readyz.
    kHealthOnly,
    kTooManyFromAddress,
    kServerFull,
  };
  // Holds one counted connection; releasing it (the last copy) uncounts it.
  using Lease = std::shared_ptr<void>;

  explicit ClientLimits(const ServerOptions& options);

  // Counts a connection from `peer` (its IP address as text). A trusted
  // proxy's connections count towards the total only. The lease is null
  // unless admitted (kAdmitted or kHealthOnly).
  std::pair<Admission, Lease> admit(const std::string& peer);

  // Counts a long-lived connection (a WebSocket) that a trusted proxy holds
  // for `client`, towards that client's own limit: null when it is reached.
  Lease admit_forwarded(const std::string& client);

  // Takes one /v1/* request from `client`'s allowance; false when it is spent.
  bool allow_request(const std::string& client);
  // The same for a webhook request, before any signature is computed.
  bool allow_webhook(const std::string& client);
  // The same for a new session (a conversation to be), on /ws or /v1/chat.
  bool allow_new_conversation(const std::string& client);

  bool trusted_proxy(std::string_view peer) const;
  std::size_t open_connections() const;

 private:
  // Counts one more connection of `address`; false at its limit.
  bool take_place(const std::string& address) REQUIRES(mutex_);
  // Uncounts a connection: of `address` unless empty, and of `counter`
  // (total_ or health_) unless null.
  void release(const std::string& address, std::size_t ClientLimits::*counter);
  // A lease that calls release(address, counter) when its last copy goes.
  Lease lease(std::string address, std::size_t ClientLimits::*counter);

  const std::size_t max_per_address_;
  const std::size_t max_total_;
  const std::size_t health_reserve_;
  const std::vector<AddressRange> trusted_proxies_;
  AddressRates api_rates_;
  AddressRates webhook_rates_;
  AddressRates conversation_rates_;

  mutable bot::Mutex mutex_;
  std::size_t total_ GUARDED_BY(mutex_) = 0;
  std::size_t health_ GUARDED_BY(mutex_) = 0;  // connections in the health probes' places
  std::unordered_map<std::string, std::size_t> per_address_ GUARDED_BY(mutex_);
};

// Who a request comes from: the peer's address, or, when the peer is a
// trusted proxy, the nearest address in X-Forwarded-For that is not one.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const ClientLimits& limits);

}  // namespace gutbot::adapters
