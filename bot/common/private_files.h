// Files that hold health data (the SQLite database, its -wal and -shm) made
// readable by their owner only, whatever the umask: folders 0700, files
// 0600. Pure functions over the file system.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gutbot::bot {

// Creates `dir` and its missing parents; the folders it creates are 0700.
// Throws std::filesystem::filesystem_error.
void CreatePrivateDirectories(const std::filesystem::path& dir);

// Creates `file` empty with mode 0600 unless it exists. Throws
// std::runtime_error naming the file.
void CreatePrivateFile(const std::filesystem::path& file);

// Those of `paths` that exist with permissions for the group or others.
std::vector<std::string> WiderThanPrivate(const std::vector<std::filesystem::path>& paths);

}  // namespace gutbot::bot
