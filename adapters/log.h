// The front end's log: one JSON object a line on stderr, the format main's
// lines use. Thread-safe: lines from several threads never interleave.
#pragma once

#include <string_view>

#include <boost/system/error_code.hpp>
#include <nlohmann/json.hpp>

namespace gutbot::adapters {

// {"level":level,"event":event, ...fields}. `fields` must be an object or null.
void LogEvent(std::string_view level, std::string_view event, nlohmann::json fields = nullptr);

// A failed network operation `what` ("ws_read", "http_write", ...), unless
// the error only says that the peer went away or the server is closing.
void LogIoFailure(const boost::system::error_code& ec, std::string_view what);

}  // namespace gutbot::adapters
