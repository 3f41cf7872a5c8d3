#include "adapters/server/client_limits.h"

#include <algorithm>

namespace gutbot::adapters {
namespace {

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::vector<AddressRange> ParseRanges(const std::vector<std::string>& entries) {
  std::vector<AddressRange> ranges;
  // The configuration was checked when read: a bad entry is not here.
  for (const std::string& entry : entries) {
    if (auto range = AddressRange::Parse(entry)) ranges.push_back(*range);
  }
  return ranges;
}

}  // namespace

ClientLimits::ClientLimits(const ServerOptions& options)
    : max_per_address_(options.max_connections_per_address),
      max_total_(options.max_connections),
      health_reserve_(options.health_connections),
      trusted_proxies_(ParseRanges(options.trusted_proxies)),
      api_rates_(options.http_requests_per_second, options.http_burst),
      webhook_rates_(options.webhook_requests_per_second, options.webhook_burst),
      conversation_rates_(options.new_conversations_per_hour / 3600.0,
                          static_cast<double>(options.new_conversations_per_hour)) {}

bool ClientLimits::trusted_proxy(std::string_view peer) const {
  return std::any_of(trusted_proxies_.begin(), trusted_proxies_.end(),
                     [peer](const AddressRange& range) { return range.contains(peer); });
}

bool ClientLimits::take_place(const std::string& address) {
  std::size_t& mine = per_address_[address];
  if (mine >= max_per_address_) return false;
  ++mine;
  return true;
}

std::pair<ClientLimits::Admission, ClientLimits::Lease> ClientLimits::admit(
    const std::string& peer) {
  const bool counted_alone = !trusted_proxy(peer);
  std::size_t ClientLimits::*counter = &ClientLimits::total_;
  {
    bot::MutexLock lock(mutex_);
    if (total_ >= max_total_) {
      if (health_ >= health_reserve_) return {Admission::kServerFull, nullptr};
      counter = &ClientLimits::health_;
    }
    if (counted_alone && !take_place(peer)) return {Admission::kTooManyFromAddress, nullptr};
    ++(this->*counter);
  }
  const Admission admission =
      counter == &ClientLimits::total_ ? Admission::kAdmitted : Admission::kHealthOnly;
  return {admission, lease(counted_alone ? peer : std::string(), counter)};
}

ClientLimits::Lease ClientLimits::admit_forwarded(const std::string& client) {
  {
    bot::MutexLock lock(mutex_);
    if (!take_place(client)) return nullptr;
  }
  return lease(client, nullptr);
}

ClientLimits::Lease ClientLimits::lease(std::string address, std::size_t ClientLimits::*counter) {
  // The lease keeps this object alive, so a connection may outlive the rest.
  return Lease(static_cast<void*>(this), [self = shared_from_this(), address = std::move(address),
                                          counter](void*) { self->release(address, counter); });
}

void ClientLimits::release(const std::string& address, std::size_t ClientLimits::*counter) {
  bot::MutexLock lock(mutex_);
  if (counter != nullptr) --(this->*counter);
  if (address.empty()) return;
  const auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

bool ClientLimits::allow_request(const std::string& client) { return api_rates_.allow(client); }

bool ClientLimits::allow_webhook(const std::string& client) { return webhook_rates_.allow(client); }

bool ClientLimits::allow_new_conversation(const std::string& client) {
  return conversation_rates_.allow(client);
}

std::size_t ClientLimits::open_connections() const {
  bot::MutexLock lock(mutex_);
  return total_ + health_;
}

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const ClientLimits& limits) {
  if (!limits.trusted_proxy(peer)) return peer;
  // Each proxy appends the address it heard from: read from the right.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view hop =
        Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    if (!hop.empty() && !limits.trusted_proxy(hop)) return std::string(hop);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(0, comma);
  }
  return peer;
}

}  // namespace gutbot::adapters
