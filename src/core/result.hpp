// Result<T>: the value of an operation that can fail in an expected way, with std::expected's
// surface (has_value, operator bool, value, error, operator*, operator->, value_or). GCC 12 only
// offers std::expected under -std=c++2b, so the domain uses this small stand-in.
// Expected failures (bad input, missing rows, conflicts) are Errors; exceptions are reserved for
// library boundaries and are converted to Errors by the adapter that catches them.
#pragma once

#include <cassert>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace weilai {

// The canonical error codes. http/problem.cpp maps each to one HTTP status.
enum class ErrorCode {
  invalid_argument,     // 400/422: the input is wrong, whatever the state
  not_found,            // 404
  already_exists,       // 409
  failed_precondition,  // 409: the state does not allow it now
  conflict,             // 409: a concurrent change won (version mismatch)
  permission_denied,    // 403
  unauthenticated,      // 401
  resource_exhausted,   // 429 (throttling) or 413 (size)
  unavailable,          // 503: try again later
  internal,             // 500: a broken invariant or an unexpected library failure
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string field;  // the offending input field, JSON-pointer-like ("/name"), empty if none

  static Error invalid(std::string message, std::string field = {}) {
    return {ErrorCode::invalid_argument, std::move(message), std::move(field)};
  }
  static Error not_found(std::string message) {
    return {ErrorCode::not_found, std::move(message), {}};
  }
  static Error conflict(std::string message) {
    return {ErrorCode::conflict, std::move(message), {}};
  }
  static Error denied(std::string message) {
    return {ErrorCode::permission_denied, std::move(message), {}};
  }
  static Error internal(std::string message) {
    return {ErrorCode::internal, std::move(message), {}};
  }
};

// Constructs a failed Result from an Error: `return Unexpected{Error::invalid("...")};` or
// simply `return Error::invalid("...");` (Error converts implicitly).
struct Unexpected {
  Error error;
};

template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result() requires std::is_default_constructible_v<T> : state_(std::in_place_index<0>) {}
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}         // NOLINT: implicit
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}     // NOLINT
  Result(Unexpected u) : state_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
  template <class U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, T> &&
           !std::is_same_v<std::remove_cvref_t<U>, Error> &&
           !std::is_same_v<std::remove_cvref_t<U>, Unexpected> &&
           !std::is_same_v<std::remove_cvref_t<U>, Result>) Result(U&& value)
      : state_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

  const Error& error() const& {
    assert(!has_value());
    return std::get<1>(state_);
  }
  Error&& error() && {
    assert(!has_value());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}     // NOLINT
  Result(Unexpected u) : error_(std::move(u.error)), failed_(true) {}  // NOLINT
  bool has_value() const { return !failed_; }
  explicit operator bool() const { return !failed_; }
  void value() const { assert(!failed_); }
  const Error& error() const& {
    assert(failed_);
    return error_;
  }
  Error&& error() && {
    assert(failed_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace weilai

// Propagates a failure: `WEILAI_TRY(auto x, f());` declares x from f()'s value or returns its
// error.
#define WEILAI_CONCAT_INNER(a, b) a##b
#define WEILAI_CONCAT(a, b) WEILAI_CONCAT_INNER(a, b)
#define WEILAI_TRY(decl, expr) WEILAI_TRY_IMPL(WEILAI_CONCAT(weilai_try_, __LINE__), decl, expr)
#define WEILAI_TRY_IMPL(tmp, decl, expr)   \
  auto tmp = (expr);                       \
  if (!tmp) return std::move(tmp).error(); \
  decl = std::move(tmp).value()
// For Result<void>: `WEILAI_CHECK(f());` returns f()'s error if it failed.
#define WEILAI_CHECK(expr)                                                   \
  do {                                                                       \
    auto weilai_check_result = (expr);                                       \
    if (!weilai_check_result) return std::move(weilai_check_result).error(); \
  } while (false)
