// Bounds on what the store may grow to (issue #20, finding 3): turns per
// conversation, and a guard that refuses new conversations while the store
// is short of room, so that a full disk never makes every commit fail.
// Existing conversations keep working under the guard. A plain value; its
// guard is called on the engine's worker thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

#include "bot/common/result.h"

namespace gutbot::bot {

struct StorageQuota {
  // Turns one conversation may hold; its next message is refused with
  // "conversation_full". 0: no limit.
  std::int64_t max_turns_per_conversation = 1000;
  // Whether the store has room for a new conversation; unset: always.
  std::function<bool()> room_for_new_conversation;

  // Why a message to a conversation holding `turns` turns (0: a new one)
  // may not become a turn, or nullopt.
  std::optional<Error> refuse(std::int64_t turns) const;
};

// A guard for StorageQuota: true while the file system holding `folder` has
// at least `min_free_bytes` free for this process (false if it cannot tell).
std::function<bool()> FreeDiskGuard(std::filesystem::path folder, std::uintmax_t min_free_bytes);

}  // namespace gutbot::bot
