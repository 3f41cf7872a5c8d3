// Accepts TCP connections and hands each to a new HttpSession. Owned by the
// Server (and by its own pending accept); runs on its own strand.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <memory>

#include "adapters/server/server_context.h"

namespace gutbot::adapters {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& ioc, std::shared_ptr<ServerContext> context);

  // Binds and listens; returns the bound port. Throws std::system_error.
  unsigned short open(const boost::asio::ip::tcp::endpoint& endpoint);
  // Starts accepting.
  void start();
  // Stops accepting; callable from any thread.
  void stop();

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  std::shared_ptr<ServerContext> context_;
};

}  // namespace gutbot::adapters
