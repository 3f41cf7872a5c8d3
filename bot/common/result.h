// A value or an error, for the domain layers (the engine, the stores): errors
// are ordinary results here, exceptions are kept for start-up.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace gutbot::bot {

struct Error {
  std::string code;     // a machine word: "store_unavailable", "too_long", ...
  std::string message;  // a human sentence
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace gutbot::bot
