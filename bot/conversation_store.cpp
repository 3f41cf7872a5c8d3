#include "bot/conversation_store.h"

#include <filesystem>
#include <stdexcept>

#include "bot/memory_store.h"
#include "bot/postgres_store.h"
#include "bot/sqlite_store.h"

namespace gutbot::bot {

std::unique_ptr<ConversationStore> OpenStore(const std::string& address) {
  if (address == "memory:") return std::make_unique<MemoryStore>();
  if (address.starts_with("postgresql://") || address.starts_with("postgres://")) {
    return std::make_unique<PostgresStore>(address);
  }
  std::string path = address.starts_with("sqlite:") ? address.substr(7) : address;
  if (path.empty()) throw std::runtime_error("empty store address");
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  return std::make_unique<SqliteStore>(path);
}

}  // namespace gutbot::bot
