// The process's file-descriptor budget (RLIMIT_NOFILE) and the connection
// limit it allows: a server past its descriptor limit cannot accept, so not
// even /healthz is answered. Called once at start.
#pragma once

#include <cstddef>

namespace gutbot::adapters {

// Descriptors kept for everything that is not a client connection: the
// store, the log, the listener, outgoing HTTPS calls, the session secret.
inline constexpr std::size_t kDescriptorsForFiles = 64;

// Raises the soft descriptor limit to the hard one; returns the soft limit
// then in force.
std::size_t RaiseDescriptorLimit();

// The largest max_connections that, with `health_connections` and
// kDescriptorsForFiles, fits in `descriptor_limit` (at least 1).
std::size_t ConnectionsThatFit(std::size_t max_connections, std::size_t health_connections,
                               std::size_t descriptor_limit);

}  // namespace gutbot::adapters
