// The open connections of one server, so that stopping it can close them
// all. Thread-safe. It holds weak references only: each connection owns
// itself (through its pending operations) and removes itself when destroyed.
#pragma once

#include <cstddef>
#include <memory>
#include <unordered_map>

#include "bot/common/mutex.h"

namespace gutbot::adapters {

class Connection {
 public:
  virtual ~Connection() = default;
  // Finish what is in flight, then close. Callable from any thread.
  virtual void shutdown() = 0;
};

class ConnectionRegistry {
 public:
  // False when the server is already stopping; the caller should then close.
  bool add(const std::shared_ptr<Connection>& connection);
  void remove(const Connection* connection);
  std::size_t size() const;

  // Refuses new connections and asks every open one to shut down.
  void shutdown_all();

 private:
  mutable bot::Mutex mutex_;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
};

}  // namespace gutbot::adapters
