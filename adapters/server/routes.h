// The server's routes, listed in one place: every path the server answers,
// the policy checked before its handler and the handler, the channels'
// webhooks among them. Called once at start.
#pragma once

#include "adapters/channels/channel.h"
#include "adapters/server/route_table.h"

namespace gutbot::adapters {

// The pages, probes, /ws, /v1, /metrics and /admin routes, and a webhook
// route for each of `channels` (disabled ones answer 404).
RouteTable ServerRoutes(const Channels& channels);

}  // namespace gutbot::adapters
