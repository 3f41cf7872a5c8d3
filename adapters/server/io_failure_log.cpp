#include "adapters/server/io_failure_log.h"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>

namespace gutbot::adapters {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;

// Clients vanish all the time (closed tabs, sleeping phones, dropped Wi-Fi,
// idle timeouts); logging each would drown the failures worth reading.
bool IsRoutineDisconnect(const boost::system::error_code& ec) {
  return ec == net::error::operation_aborted || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == net::error::not_connected || ec == beast::error::timeout ||
         ec == beast::http::error::end_of_stream || ec == beast::websocket::error::closed;
}

}  // namespace

void LogIoFailure(LogSummary& summary, const boost::system::error_code& ec, std::string_view what) {
  if (IsRoutineDisconnect(ec)) return;
  summary.note(bot::LogLevel::kWarn, what, {{"error", ec.message()}});
}

}  // namespace gutbot::adapters
