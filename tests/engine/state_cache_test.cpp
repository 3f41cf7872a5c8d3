#include "bot/engine/state_cache.h"

#include <gtest/gtest.h>

namespace gutbot::bot {
namespace {

VersionedState AtTopic(const std::string& topic, std::int64_t version) {
  VersionedState s;
  s.state.discussed(topic);
  s.version = version;
  return s;
}

TEST(StateCache, TakeRemovesWhatPutHeld) {
  StateCache cache(4);
  cache.put("ann", AtTopic("zonulin", 3));
  const auto taken = cache.take("ann");
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->state.current(), "zonulin");
  EXPECT_EQ(taken->version, 3);
  EXPECT_FALSE(cache.take("ann"));  // a batch holds it now, nobody else
  EXPECT_FALSE(cache.take("bob"));
}

TEST(StateCache, PutReplacesTheUsersEarlierState) {
  StateCache cache(4);
  cache.put("ann", AtTopic("zonulin", 1));
  cache.put("ann", AtTopic("diet", 2));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.take("ann")->version, 2);
}

TEST(StateCache, DropsTheLeastRecentlyPutBeyondItsCapacity) {
  StateCache cache(2);
  cache.put("ann", AtTopic("zonulin", 1));
  cache.put("bob", AtTopic("diet", 1));
  cache.put("ann", AtTopic("zonulin", 2));  // ann is now the most recent
  cache.put("cid", AtTopic("stress", 1));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.take("bob"));
  EXPECT_TRUE(cache.take("ann"));
  EXPECT_TRUE(cache.take("cid"));
}

TEST(StateCache, EraseAndClearForget) {
  StateCache cache(4);
  cache.put("ann", AtTopic("zonulin", 1));
  cache.put("bob", AtTopic("diet", 1));
  cache.erase("ann");
  cache.erase("nobody");
  EXPECT_FALSE(cache.take("ann"));
  EXPECT_EQ(cache.size(), 1u);
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.take("bob"));
}

TEST(StateCache, CapacityZeroHoldsNothing) {
  StateCache cache(0);
  cache.put("ann", AtTopic("zonulin", 1));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.take("ann"));
}

}  // namespace
}  // namespace gutbot::bot
