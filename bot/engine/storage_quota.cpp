#include "bot/engine/storage_quota.h"

#include <string>
#include <system_error>

namespace gutbot::bot {

std::optional<Error> StorageQuota::refuse(std::int64_t turns) const {
  if (turns == 0 && room_for_new_conversation && !room_for_new_conversation()) {
    return Error{ErrorCode::kStorageFull,
                 "The service is short of storage and cannot start new conversations now; please "
                 "try again later."};
  }
  if (max_turns_per_conversation > 0 && turns >= max_turns_per_conversation) {
    return Error{ErrorCode::kConversationFull,
                 "This conversation has reached its length limit of " +
                     std::to_string(max_turns_per_conversation) +
                     " messages; please start a new one."};
  }
  return std::nullopt;
}

std::function<bool()> FreeDiskGuard(std::filesystem::path folder, std::uintmax_t min_free_bytes) {
  return [folder = std::move(folder), min_free_bytes] {
    std::error_code ec;
    const std::filesystem::space_info space = std::filesystem::space(folder, ec);
    return !ec && space.available >= min_free_bytes;
  };
}

}  // namespace gutbot::bot
