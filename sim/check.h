// sim/check.h
//
// Checks that stay on in every build type. A failed SIM_ASSERT is a bug in
// the simulator, never a user error: it throws InternalError, which the CLI
// turns into "internal error: file:line: ..." plus the run's context and
// exit code 3. Bad input is reported through Result values instead.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace sim {

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Throws InternalError("file:line: message"). Never returns.
[[noreturn]] void FailCheck(const char* file, int line, const std::string& message);

}  // namespace sim

// SIM_ASSERT(condition, "format {}", args...): no side effects, no draws.
#define SIM_ASSERT(condition, ...)                                               \
  do {                                                                           \
    if (!(condition)) [[unlikely]] {                                             \
      ::sim::FailCheck(__FILE__, __LINE__,                                       \
                       std::string(#condition) + " (" + fmt::format(__VA_ARGS__) + ")"); \
    }                                                                            \
  } while (false)

#define SIM_UNREACHABLE(...) ::sim::FailCheck(__FILE__, __LINE__, fmt::format(__VA_ARGS__))
