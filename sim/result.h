// sim/result.h
//
// Result<T, E>: a value or an error, the same shape as C++23 std::expected
// (has_value(), value(), error(); Err(e) builds the error side), so the later
// switch is mechanical. Accessing the wrong side is an internal error.
#pragma once

#include <utility>
#include <variant>

#include "sim/check.h"

namespace sim {

template <typename E>
struct Unexpected {
  E error;
};

template <typename E>
Unexpected<std::decay_t<E>> Err(E&& error) {
  return {std::forward<E>(error)};
}

template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  template <typename F>
  Result(Unexpected<F> error)  // NOLINT: implicit, as std::unexpected
      : state_(std::in_place_index<1>, std::move(error.error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  const T& value() const& {
    SIM_ASSERT(has_value(), "value() on an error Result");
    return std::get<0>(state_);
  }
  T&& value() && {
    SIM_ASSERT(has_value(), "value() on an error Result");
    return std::get<0>(std::move(state_));
  }
  const E& error() const {
    SIM_ASSERT(!has_value(), "error() on a value Result");
    return std::get<1>(state_);
  }

 private:
  std::variant<T, E> state_;
};

// Result<void, E>: success carries nothing.
struct Ok {};

}  // namespace sim
