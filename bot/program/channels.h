// The messaging channels the server serves, registered in one list: a new
// channel is a Channel implementation (adapters/channels), its settings in
// ChannelOptions, and one line here. Called once at start.
#pragma once

#include "adapters/channels/channel.h"
#include "adapters/channels/channel_options.h"

namespace gutbot::adapters {

// Every channel, each with its settings; one whose secret is not set is
// disabled (Channel::enabled) and its webhook answers 404.
Channels MessagingChannels(const ChannelOptions& options);

}  // namespace gutbot::adapters
