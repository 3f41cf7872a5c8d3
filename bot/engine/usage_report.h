// The content owner's figures over the last days (GET /admin/report,
// `gutbot report`): messages per day by coverage and by safety category,
// the top intents, the channels, and the totals, from the stored daily
// counts.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/engine/content_records.h"

namespace gutbot::bot {

// The first UTC day of the `days` days that end with the day of `now_unix_ms`.
std::string FirstReportDay(int days, std::int64_t now_unix_ms);

// {"days", "from", "to", "per_day": [{"day", "messages", "coverage": {...},
// "safety": {...}}], "intents": [{"intent", "count"}], "channels": [...],
// "safety": [{"category", "count"}], "totals": {...}} (docs/interfaces.md):
// every day of the range listed, oldest first, zeros included; the ten top
// intents. Counts outside the range are left out.
nlohmann::json UsageReport(const std::vector<DailyCount>& counts, int days,
                           std::int64_t now_unix_ms);

}  // namespace gutbot::bot
