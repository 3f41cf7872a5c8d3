#include "server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>

namespace gutbot::testing {
namespace {

// The number after `"key":` in a JSON line, or -1.
long NumberAfter(const std::string& line, const std::string& key) {
  std::size_t at = line.find('"' + key + '"');
  if (at == std::string::npos) return -1;
  at = line.find_first_not_of(" \t", at + key.size() + 2);
  if (at == std::string::npos || line[at] != ':') return -1;
  at = line.find_first_not_of(" \t", at + 1);
  if (at == std::string::npos || !std::isdigit(static_cast<unsigned char>(line[at]))) return -1;
  return std::strtol(line.c_str() + at, nullptr, 10);
}

// The port of a {"event":"listening",...,"port":N} line in `log`, or 0.
unsigned short FindListeningPort(const std::string& log) {
  for (std::size_t begin = 0; begin < log.size();) {
    const std::size_t end = log.find('\n', begin);
    if (end == std::string::npos) break;  // a line still being written
    const std::string line = log.substr(begin, end - begin);
    const long port = NumberAfter(line, "port");
    if (line.find("\"listening\"") != std::string::npos && port > 0 && port < 65536) {
      return static_cast<unsigned short>(port);
    }
    begin = end + 1;
  }
  return 0;
}

// Waits up to `timeout` for `pid` to exit; its wait status, or nullopt.
std::optional<int> WaitFor(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return status;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args,
                             const std::string& cwd, std::chrono::seconds timeout) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");

  // Built before fork(): the child may only make async-signal-safe calls.
  std::vector<std::string> argv_strings{binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    if (::chdir(cwd.c_str()) == 0) ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  reader_ = std::thread([this, fd = pipe_fds[0]] { drain(fd); });

  std::unique_lock lock(mutex_);
  const bool listening = changed_.wait_for(lock, timeout, [this] {
    port_ = FindListeningPort(log_);
    return port_ != 0 || eof_;
  });
  if (!listening || port_ == 0) {
    const std::string seen = log_;
    lock.unlock();
    stop(std::chrono::seconds(5));
    throw std::runtime_error("gutbot did not start listening; its stderr:\n" + seen);
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (reader_.joinable()) reader_.join();
}

int ServerProcess::stop(std::chrono::seconds timeout) {
  terminate();
  return wait(timeout);
}

void ServerProcess::terminate() {
  if (pid_ > 0) ::kill(pid_, SIGTERM);
}

void ServerProcess::kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
  wait();
}

int ServerProcess::wait(std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  std::optional<int> status = WaitFor(pid_, timeout);
  if (!status) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  return status && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
}

std::string ServerProcess::log() const {
  const std::lock_guard lock(mutex_);
  return log_;
}

void ServerProcess::drain(int fd) {
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    const std::lock_guard lock(mutex_);
    if (n <= 0) {
      eof_ = true;
      changed_.notify_all();
      break;
    }
    log_.append(buffer, static_cast<std::size_t>(n));
    changed_.notify_all();
  }
  ::close(fd);
}

ConfiguredServer::ConfiguredServer(const std::string& binary, const std::string& cwd,
                                   const std::string& config,
                                   const std::vector<std::string>& extra_args)
    : db_(FreshTempPath("gutbot-test") + ".db"), config_(FreshTempPath("gutbot-test") + ".json") {
  std::ofstream(config_) << config;
  std::vector<std::string> args{"serve", "--port", "0", "--db", db_, "--config", config_};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ServerProcess>(binary, args, cwd);
}

ConfiguredServer::~ConfiguredServer() {
  process_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_ + suffix);
  std::filesystem::remove(config_);
}

std::string FreshTempPath(const std::string& stem) {
  static std::atomic<int> counter{0};
  return (std::filesystem::temp_directory_path() /
          (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
      .string();
}

}  // namespace gutbot::testing
