#include "bot/common/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace gutbot::bot {

namespace fs = std::filesystem;

void CreatePrivateDirectories(const fs::path& dir) {
  if (dir.empty() || fs::exists(dir)) return;
  CreatePrivateDirectories(dir.parent_path());
  // create_directory's mode is cut by the umask only; permissions() sets it.
  if (fs::create_directory(dir))
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
}

void CreatePrivateFile(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;
    throw std::runtime_error("cannot create " + file.string() + ": " + std::strerror(errno));
  }
  // The umask may have taken bits away from 0600, never added any; fchmod
  // makes it exactly 0600 (SQLite gives the -wal and -shm this mode too).
  const int changed = ::fchmod(fd, 0600);
  const int error = errno;
  ::close(fd);
  if (changed != 0)
    throw std::runtime_error("cannot chmod " + file.string() + ": " + std::strerror(error));
}

std::vector<std::string> WiderThanPrivate(const std::vector<fs::path>& paths) {
  constexpr auto kOthers = fs::perms::group_all | fs::perms::others_all;
  std::vector<std::string> wide;
  for (const fs::path& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!ec && fs::exists(status) && (status.permissions() & kOthers) != fs::perms::none)
      wide.push_back(path.string());
  }
  return wide;
}

}  // namespace gutbot::bot
