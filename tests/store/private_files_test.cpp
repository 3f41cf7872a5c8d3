// Issue #20, finding 8: the SQLite file, its -wal and -shm, and the folder
// made for them are readable by their owner only, whatever the umask; an
// existing file readable by others is reported at start.
#include "bot/common/private_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bot/engine/conversation_store.h"
#include "bot/store/open_store.h"

namespace gutbot::bot {
namespace {

namespace fs = std::filesystem;

fs::perms Mode(const fs::path& path) { return fs::status(path).permissions() & fs::perms::mask; }

class PrivateFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("gutbot-private-" + std::to_string(::getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override {
    ::umask(old_umask_);
    fs::remove_all(root_);
  }

  fs::path root_;
  // The loosest umask there is: every mode below is the code's doing.
  mode_t old_umask_ = ::umask(0);
};

TEST_F(PrivateFilesTest, TheDatabaseItsJournalAndItsFolderAreTheOwnersOnly) {
  const fs::path db = root_ / "data" / "gutbot.db";
  auto store = OpenStore(StoreOptions(db.string()));
  ASSERT_TRUE(store->commit({TurnWrite{"ann", "test", "hi", "hello", "{}", "{}", 0, 1000, {}}}));
  // The owner (the bystander here) is served as before.
  ASSERT_EQ(store->turns("ann", 10).value().size(), 1u);
  EXPECT_EQ(Mode(root_), fs::perms::owner_all);
  EXPECT_EQ(Mode(root_ / "data"), fs::perms::owner_all);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const fs::path file = db.string() + suffix;
    ASSERT_TRUE(fs::exists(file)) << file;
    EXPECT_EQ(Mode(file), fs::perms::owner_read | fs::perms::owner_write) << file;
  }
}

TEST_F(PrivateFilesTest, AnExistingFileReadableByOthersIsReported) {
  fs::create_directories(root_);
  const fs::path db = root_ / "old.db";
  std::ofstream(db).close();
  fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                          fs::perms::others_read);
  EXPECT_EQ(WiderThanPrivate({db, root_ / "missing.db"}), std::vector<std::string>{db.string()});
  ::testing::internal::CaptureStderr();
  OpenStore(StoreOptions(db.string()));
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("database_readable_by_others"), std::string::npos) << log;
}

}  // namespace
}  // namespace gutbot::bot
