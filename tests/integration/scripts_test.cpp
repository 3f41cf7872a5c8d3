// The repository's scripts where they delete things (issue #20, finding 12):
// scripts/postgres.sh stop removes only a folder its start made and marked.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace gutbot::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kScript = fs::path(GUTBOT_TEST_DATA).parent_path() / "scripts" / "postgres.sh";

int PostgresScript(const std::string& command, const std::string& dir) {
  // Appended piece by piece: GCC 12 misreports "literal" + std::string (-Wrestrict).
  std::string line = kScript.string();
  line.insert(0, 1, '\'');
  line.append("' ").append(command).append(" '").append(dir).append("' 2>/dev/null");
  const int status = std::system(line.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(PostgresScript, StopRefusesWhatStartDidNotMake) {
  const fs::path dir =
      fs::temp_directory_path() / ("gutbot-not-postgres-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "precious") << "keep me";
  EXPECT_NE(PostgresScript("stop", dir.string()), 0);
  EXPECT_TRUE(fs::exists(dir / "precious"));
  // Nor will start take a folder that holds something.
  EXPECT_NE(PostgresScript("start", dir.string()), 0);
  EXPECT_FALSE(fs::exists(dir / ".gutbot-postgres-dir"));
  EXPECT_NE(PostgresScript("stop", "/dev/null"), 0);
  struct stat null_device {};
  ASSERT_EQ(::stat("/dev/null", &null_device), 0);
  EXPECT_TRUE(S_ISCHR(null_device.st_mode));
  // A marked folder (what start leaves) is removed.
  fs::remove(dir / "precious");
  std::ofstream(dir / ".gutbot-postgres-dir").close();
  EXPECT_EQ(PostgresScript("stop", dir.string()), 0);
  EXPECT_FALSE(fs::exists(dir));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gutbot::testing
