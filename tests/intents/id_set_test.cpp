#include "intents/id_set.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace gutbot::intents {
namespace {

std::vector<std::uint32_t> Drained(IdSet& set) {
  std::vector<std::uint32_t> ids;
  set.drain([&](std::uint32_t id) { ids.push_back(id); });
  return ids;
}

TEST(IdSet, ListsMembersInAscendingOrderOnce) {
  IdSet set;
  set.reserve(10000);
  for (const std::uint32_t id : {9999U, 64U, 0U, 4096U, 63U, 64U, 4095U, 9999U}) set.insert(id);
  EXPECT_EQ(Drained(set), (std::vector<std::uint32_t>{0, 63, 64, 4095, 4096, 9999}));
}

TEST(IdSet, DrainingEmptiesTheSet) {
  IdSet set;
  set.reserve(100);
  set.insert(5);
  Drained(set);
  EXPECT_TRUE(Drained(set).empty());
  set.insert(7);
  EXPECT_EQ(Drained(set), (std::vector<std::uint32_t>{7}));
}

TEST(IdSet, GrowingKeepsTheMembers) {
  IdSet set;
  set.reserve(10);
  set.insert(3);
  set.reserve(300000);
  set.insert(299999);
  EXPECT_EQ(Drained(set), (std::vector<std::uint32_t>{3, 299999}));
}

}  // namespace
}  // namespace gutbot::intents
