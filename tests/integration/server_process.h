// Runs the real gutbot binary for a test: spawns it, waits for its
// "listening" log line, keeps its stderr, stops it with a signal. Owned by
// one test; not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gutbot::testing {

class ServerProcess {
 public:
  // Runs `binary args...` in `cwd` and waits until it logs
  // {"event":"listening",...,"port":N}. Throws std::runtime_error, with the
  // stderr seen so far, when it exits or `timeout` passes first.
  ServerProcess(const std::string& binary, const std::vector<std::string>& args,
                const std::string& cwd, std::chrono::seconds timeout = std::chrono::seconds(60));
  // Kills the process if it still runs.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  // The process id, for its /proc entries; -1 once it has been waited for.
  pid_t pid() const { return pid_; }

  // Sends SIGTERM and waits for the exit: terminate() then wait().
  int stop(std::chrono::seconds timeout = std::chrono::seconds(20));
  // Sends SIGTERM.
  void terminate();
  // Ends the process with SIGKILL, as a crash or the OOM killer would, and
  // waits for it.
  void kill();
  // Waits for the exit; returns the exit status, or -1 when it had to be
  // killed after `timeout` or died from a signal.
  int wait(std::chrono::seconds timeout = std::chrono::seconds(20));

  // Everything the process wrote to stderr so far.
  std::string log() const;

 private:
  void drain(int fd);

  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  // State below is protected by mutex_.
  std::string log_;
  bool eof_ = false;
};

// `gutbot serve --port 0` on a fresh temporary SQLite file and a temporary
// configuration file holding `config` (JSON text), plus `extra_args`; the
// process is killed and both files removed when this ends.
class ConfiguredServer {
 public:
  ConfiguredServer(const std::string& binary, const std::string& cwd, const std::string& config,
                   const std::vector<std::string>& extra_args = {});
  ~ConfiguredServer();
  ConfiguredServer(const ConfiguredServer&) = delete;
  ConfiguredServer& operator=(const ConfiguredServer&) = delete;

  unsigned short port() const { return process_->port(); }
  ServerProcess& process() { return *process_; }
  const std::string& db() const { return db_; }

 private:
  std::string db_, config_;
  std::unique_ptr<ServerProcess> process_;
};

// A path for a file that does not exist yet, under the system's temporary
// folder, unique to this process and call.
std::string FreshTempPath(const std::string& stem);

}  // namespace gutbot::testing
