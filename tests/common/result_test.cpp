#include "bot/common/result.h"

#include <gtest/gtest.h>

namespace gutbot::bot {
namespace {

// The wire names are a public contract: clients read them in error frames.
TEST(ErrorName, IsTheWireName) {
  EXPECT_EQ(ErrorName(ErrorCode::kStoreUnavailable), "store_unavailable");
  EXPECT_EQ(ErrorName(ErrorCode::kConflict), "conflict");
  EXPECT_EQ(ErrorName(ErrorCode::kTooLong), "too_long");
  EXPECT_EQ(ErrorName(ErrorCode::kChannelDisabled), "channel_disabled");
}

TEST(Error, IsConflict) {
  EXPECT_TRUE((Error{ErrorCode::kConflict, "changed"}).IsConflict());
  EXPECT_FALSE((Error{ErrorCode::kStoreUnavailable, "down"}).IsConflict());
}

TEST(Status, IsOkUnlessMadeFromAnError) {
  EXPECT_TRUE(Status());
  const Status failed = Error{ErrorCode::kNotReady, "not yet"};
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kNotReady);
  EXPECT_EQ(failed.error().message, "not yet");
}

}  // namespace
}  // namespace gutbot::bot
