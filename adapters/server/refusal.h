// Connections refused as they are accepted (too many from one address, or
// the server full): answered with a short prebuilt HTTP response and closed
// at once, so that a refused connection holds no descriptor and no session.
// Runs on the listener's strand; does not block (the socket is new, its
// send buffer empty).
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "adapters/server/client_limits.h"

namespace gutbot::adapters {

// Answers 429 too_many_connections or 503 server_full as `why` says, and
// closes `socket`.
void RefuseConnection(boost::asio::ip::tcp::socket& socket, ClientLimits::Admission why);

}  // namespace gutbot::adapters
