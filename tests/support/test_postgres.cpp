#include "test_postgres.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace gutbot::testing {

std::optional<std::string> TestPostgresUrl() {
  const char* url = std::getenv("GUTBOT_TEST_POSTGRES");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

bool SkipPostgres() {
  const char* skip = std::getenv("GUTBOT_SKIP_POSTGRES");
  return skip != nullptr && std::string(skip) == "1";
}

void ExecSql(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + url + ": " + PQerrorMessage(conn.get()));
  }
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK && PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    throw std::runtime_error(std::string("postgresql: ") + PQerrorMessage(conn.get()) +
                             " in: " + sql);
  }
}

std::string FreshSchema(const std::string& url, const std::string& name) {
  ExecSql(url, "DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name);
  const char separator = url.find('?') == std::string::npos ? '?' : '&';
  return url + separator + "options=-csearch_path%3D" + name;
}

std::string SchemaName(const std::string& stem) {
  return "test_" + stem + "_" + std::to_string(::getpid());
}

}  // namespace gutbot::testing
