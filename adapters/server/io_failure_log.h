// The network front end's log lines, on top of the program's log (bot/common/log.h).
#pragma once

#include <boost/system/error_code.hpp>
#include <string_view>

#include "adapters/server/log_summary.h"
#include "bot/common/log.h"

namespace gutbot::adapters {

using bot::LogEvent;

// A failed network operation `what` ("ws_read", "http_write", ...), counted
// in `summary`, unless the error only says that the peer went away or the
// server is closing.
void LogIoFailure(LogSummary& summary, const boost::system::error_code& ec, std::string_view what);

}  // namespace gutbot::adapters
