// A visitor's rating of one answer ("Helpful" or "Not helpful", with an
// optional comment), as the stores write and list it. Plain values.
#pragma once

#include <cstdint>
#include <string>

namespace gutbot::bot {

// A visitor's rating of one answer, as written by rate().
struct RatingWrite {
  std::string user;
  std::string id;               // the client id of the message the answer replied to
  std::string rating;           // "up" or "down"
  std::string comment;          // may be empty
  std::int64_t at_unix_ms = 0;  // set by Engine::rate
};

// A rated answer, as ratings() lists it.
struct RatingRecord {
  std::string user;
  std::int64_t seq = 0;  // the rated turn's number in its conversation
  std::string channel;
  std::string user_text;
  std::string bot_text;
  std::string rating;
  std::string comment;
  std::int64_t at_unix_ms = 0;  // when it was rated
};

}  // namespace gutbot::bot
