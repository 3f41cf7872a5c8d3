// The PostgreSQL server that tests use: the URL in $GUTBOT_TEST_POSTGRES,
// which scripts/test.sh sets after starting a throwaway server with
// scripts/postgres.sh. Each test keeps to its own schema in that database.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace gutbot::testing {

// The server's URL, or nullopt when $GUTBOT_TEST_POSTGRES is unset.
std::optional<std::string> TestPostgresUrl();

// Whether tests without a server skip ($GUTBOT_SKIP_POSTGRES=1) instead of
// failing, so that CI cannot pass without running them.
bool SkipPostgres();

// Runs `sql` (one or more statements) on `url`; throws std::runtime_error
// with the server's message when it fails.
void ExecSql(const std::string& url, const std::string& sql);

// Drops and creates the schema `name` (letters, digits, underscores) and
// returns `url` with that schema first on the search path.
std::string FreshSchema(const std::string& url, const std::string& name);

// A schema name unique to this process and `stem`.
std::string SchemaName(const std::string& stem);

}  // namespace gutbot::testing

// Sets `url` (a new std::string variable) to the test server's URL, or ends
// the test: failed without a server, skipped under GUTBOT_SKIP_POSTGRES=1.
#define GUTBOT_TEST_POSTGRES_URL(url)                                                       \
  const std::optional<std::string> url##_or_none = ::gutbot::testing::TestPostgresUrl();    \
  if (!url##_or_none) {                                                                     \
    if (::gutbot::testing::SkipPostgres()) GTEST_SKIP() << "GUTBOT_SKIP_POSTGRES=1";        \
    FAIL() << "GUTBOT_TEST_POSTGRES is unset: run scripts/test.sh, or start a server with " \
              "scripts/postgres.sh start DIR and export its URL (GUTBOT_SKIP_POSTGRES=1 "   \
              "skips these tests)";                                                         \
  }                                                                                         \
  const std::string url = *url##_or_none
