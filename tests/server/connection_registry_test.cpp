#include "adapters/server/connection_registry.h"

#include <gtest/gtest.h>

namespace gutbot::adapters {
namespace {

class FakeConnection : public Connection {
 public:
  explicit FakeConnection(ConnectionRegistry& registry) : registry_(registry) {}
  ~FakeConnection() override { registry_.remove(this); }
  void shutdown() override { ++shutdowns; }

  int shutdowns = 0;

 private:
  ConnectionRegistry& registry_;
};

TEST(ConnectionRegistry, ConnectionsLeaveWhenDestroyed) {
  ConnectionRegistry registry;
  auto first = std::make_shared<FakeConnection>(registry);
  auto second = std::make_shared<FakeConnection>(registry);
  EXPECT_TRUE(registry.add(first));
  EXPECT_TRUE(registry.add(second));
  EXPECT_EQ(registry.size(), 2u);
  first.reset();
  EXPECT_EQ(registry.size(), 1u);
}

TEST(ConnectionRegistry, ShutdownReachesEveryOpenConnectionThenRefusesNewOnes) {
  ConnectionRegistry registry;
  auto first = std::make_shared<FakeConnection>(registry);
  auto second = std::make_shared<FakeConnection>(registry);
  registry.add(first);
  registry.add(second);
  registry.shutdown_all();
  EXPECT_EQ(first->shutdowns, 1);
  EXPECT_EQ(second->shutdowns, 1);

  auto late = std::make_shared<FakeConnection>(registry);
  EXPECT_FALSE(registry.add(late));
  EXPECT_EQ(registry.size(), 2u);
}

}  // namespace
}  // namespace gutbot::adapters
