// Result<T>: a value or a message for the user. The core's second tier of errors (STYLE 6):
// anything a user can cause (bad file, wrong size, diverging lr) comes back as a Result, never
// as an exception or exit(), so the web build (no exception catching) takes the same path.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace digitlab {

struct Error {
  std::string message;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}              // NOLINT: implicit on purpose
  Result(Error error) : error_(std::move(error.message)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return error_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  std::string error_;
};

// Result<void>: success or a message.
struct Status {
  static Status success() { return Status{}; }
  Status() = default;
  Status(Error e) : error_(std::move(e.message)), failed_(true) {}  // NOLINT
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
  bool failed_ = false;
};

inline Error fail(std::string message) {
  return Error{std::move(message)};
}

}  // namespace digitlab
