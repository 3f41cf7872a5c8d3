#include "adapters/server/listener.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <system_error>

#include "adapters/server/http_session.h"
#include "adapters/server/io_failure_log.h"
#include "adapters/server/refusal.h"

namespace gutbot::adapters {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(net::io_context& ioc, std::shared_ptr<ServerContext> context)
    : ioc_(ioc),
      strand_(net::make_strand(ioc)),
      acceptor_(strand_),
      retry_timer_(strand_),
      context_(std::move(context)) {}

unsigned short Listener::open(const tcp::endpoint& endpoint) {
  const auto check = [&endpoint](boost::system::error_code ec, const char* what) {
    if (ec) {
      throw std::system_error(ec, std::string(what) + " " + endpoint.address().to_string() + ":" +
                                      std::to_string(endpoint.port()));
    }
  };
  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  check(ec, "open");
  // A restarted server must not wait for the old connections' TIME_WAIT.
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  check(ec, "set_option");
  acceptor_.bind(endpoint, ec);
  check(ec, "bind");
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  check(ec, "listen");
  return acceptor_.local_endpoint().port();
}

void Listener::start() {
  net::dispatch(strand_, [self = shared_from_this()] { self->do_accept(); });
}

void Listener::stop() {
  net::post(strand_, [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
  });
}

void Listener::do_accept() {
  // Each connection gets its own strand: its handlers never run concurrently
  // even though several threads run the io_context.
  acceptor_.async_accept(net::make_strand(ioc_), boost::beast::bind_front_handler(
                                                     &Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (!ec) {
    boost::system::error_code peer_ec;
    // Replies are small and sent whole: Nagle's delay would only add latency.
    socket.set_option(tcp::no_delay(true), peer_ec);
    const auto peer = socket.remote_endpoint(peer_ec);
    std::string address = peer_ec ? std::string() : peer.address().to_string();
    auto [admission, lease] = context_->limits->admit(address);
    if (!lease) {
      context_->rejected(admission == ClientLimits::Admission::kServerFull
                             ? "server_full"
                             : "too_many_connections");
      RefuseConnection(socket, admission);
      return do_accept();
    }
    std::make_shared<HttpSession>(std::move(socket), context_, std::move(address),
                                  admission == ClientLimits::Admission::kHealthOnly,
                                  std::move(lease))
        ->start();
    return do_accept();
  }
  // Unlike a session's, an accept error (out of file descriptors, say) must
  // not end the server; a pause keeps it from spinning while it lasts.
  LogIoFailure(context_->log_summary, ec, "accept_failed");
  retry_timer_.expires_after(std::chrono::milliseconds(100));
  retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
    if (!wait_ec && self->acceptor_.is_open()) self->do_accept();
  });
}

}  // namespace gutbot::adapters
