// sim/time.h
//
// Virtual time: a signed 64-bit count of nanoseconds since the start of a
// run. Nothing in a run reads the wall clock. Durations are written in
// scenario files as an integer (or exact decimal) and a unit: 250us, 5ms,
// 30s, 2m, 6h, 1.5s; "ns" is accepted too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/result.h"

namespace sim {

using Time = std::int64_t;  // nanoseconds

inline constexpr Time kNanosecond = 1;
inline constexpr Time kMicrosecond = 1'000;
inline constexpr Time kMillisecond = 1'000'000;
inline constexpr Time kSecond = 1'000'000'000;
inline constexpr Time kMinute = 60 * kSecond;
inline constexpr Time kHour = 60 * kMinute;
inline constexpr Time kTimeMax = INT64_MAX;

// Parses a duration. Negative values only when allow_negative. Errors are
// one sentence naming the text, e.g. `bad duration "5 sec": ...`.
Result<Time, std::string> ParseDuration(std::string_view text, bool allow_negative = false);

// The shortest exact spelling in the largest fitting unit: 1500000 -> "1.5ms".
// ParseDuration(FormatDuration(t)) == t for every t.
std::string FormatDuration(Time duration);

}  // namespace sim
