#include "bot/store/open_store.h"

#include <stdexcept>

#include "bot/common/log.h"
#include "bot/common/private_files.h"
#include "bot/store/memory_store.h"
#include "bot/store/postgres_store.h"
#include "bot/store/sqlite_store.h"

namespace gutbot::bot {

std::optional<std::filesystem::path> SqlitePath(const std::string& address) {
  if (address == "memory:" || address.starts_with("postgresql://") ||
      address.starts_with("postgres://")) {
    return std::nullopt;
  }
  return std::filesystem::path(address.starts_with("sqlite:") ? address.substr(7) : address);
}

std::unique_ptr<ConversationStore> OpenStore(const StoreOptions& options) {
  const std::string& address = options.address;
  const auto sqlite = SqlitePath(address);
  if (!sqlite) {
    if (address == "memory:") return std::make_unique<MemoryStore>();
    return std::make_unique<PostgresStore>(address, options.postgres);
  }
  const std::filesystem::path& file = *sqlite;
  if (file.empty()) throw std::runtime_error("empty store address");
  const std::string path = file.string();
  // Conversations are health data: readable by this user only.
  CreatePrivateDirectories(file.parent_path());
  CreatePrivateFile(file);
  const auto wide = WiderThanPrivate({file, path + "-wal", path + "-shm"});
  if (!wide.empty()) {
    LogEvent(LogLevel::kWarn, "database_readable_by_others",
             {{"paths", wide}, {"advice", "chmod 0600 them"}});
  }
  return std::make_unique<SqliteStore>(path, options.sqlite);
}

}  // namespace gutbot::bot
