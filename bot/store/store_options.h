// How OpenStore (bot/store/open_store.h) opens a ConversationStore: which
// store, and the settings of the one it names.
#pragma once

#include <string>
#include <utility>

#include "bot/store/postgres_store.h"
#include "bot/store/sqlite_store.h"

namespace gutbot::bot {

struct StoreOptions {
  StoreOptions() = default;
  explicit StoreOptions(std::string store_address) : address(std::move(store_address)) {}

  // A SQLite file path, "sqlite:PATH", "memory:" or a PostgreSQL URL
  // ("postgresql://..." or "postgres://..."; its "pool_size=N" parameter
  // sizes the pool). Default: "memory:".
  std::string address = "memory:";
  // Used when `address` names a SQLite file. Default: SqliteOptions' own
  // defaults (deferred sync, 5 s busy timeout, 32 MiB cache).
  SqliteOptions sqlite;
  // Used when `address` is a PostgreSQL URL. Default: PostgresOptions' own
  // defaults (2 connections).
  PostgresOptions postgres;
};

}  // namespace gutbot::bot
