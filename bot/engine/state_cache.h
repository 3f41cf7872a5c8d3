// The conversations the engine answered lately, parsed and with their stored
// version, so that a turn in one of them needs neither a read from the store
// nor a JSON parse. A batch takes a state out while it answers it and puts it
// back only once its turns are committed: a failed or conflicting commit
// leaves the conversation out, to be read afresh from the store. Bounded,
// least recently used first out. Used on the engine's worker thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>

#include "bot/engine/conversation_state.h"

namespace gutbot::bot {

struct VersionedState {
  ConversationState state;
  std::int64_t version = 0;  // the store's version of `state`
};

class StateCache {
 public:
  // Holds at most `capacity` conversations; 0 turns the cache off.
  explicit StateCache(std::size_t capacity);

  // Removes and returns `user`'s state, if held.
  std::optional<VersionedState> take(const std::string& user);
  // Holds `state` as `user`'s latest committed state.
  void put(const std::string& user, VersionedState state);
  void erase(const std::string& user);
  void clear();
  std::size_t size() const { return index_.size(); }

 private:
  using Entries = std::list<std::pair<std::string, VersionedState>>;
  std::size_t capacity_;
  Entries entries_;  // most recently put first
  std::unordered_map<std::string, Entries::iterator> index_;
};

}  // namespace gutbot::bot
