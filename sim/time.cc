#include "sim/time.h"

#include <fmt/format.h>

#include <array>

namespace sim {
namespace {

struct Unit {
  std::string_view suffix;
  Time scale;
};
// Longest suffix first where one is a suffix of another ("ms" before "s").
constexpr std::array<Unit, 6> kUnits{{{"ns", kNanosecond},
                                      {"us", kMicrosecond},
                                      {"ms", kMillisecond},
                                      {"s", kSecond},
                                      {"m", kMinute},
                                      {"h", kHour}}};

// The text is shown as printable ASCII: any other byte (a control byte, a
// line break, a byte of UTF-8) as \xNN, so the sentence stays one clean line.
std::string Bad(std::string_view text, std::string_view why) {
  std::string shown;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\') {
      shown += fmt::format("\\x{:02x}", byte);
    } else {
      shown += c;
    }
  }
  return fmt::format("bad duration \"{}\": {}", shown, why);
}

}  // namespace

Result<Time, std::string> ParseDuration(std::string_view text, bool allow_negative) {
  constexpr std::string_view kExpected =
      "expected a number and a unit (ns, us, ms, s, m, h), like 250us, 5ms, 30s, 2m, 6h";
  std::string_view rest = text;
  const bool negative = !rest.empty() && rest.front() == '-';
  if (negative) rest.remove_prefix(1);
  if (negative && !allow_negative) return Err(Bad(text, "must not be negative"));

  const Unit* unit = nullptr;
  for (const Unit& candidate : kUnits) {
    if (rest.size() > candidate.suffix.size() && rest.ends_with(candidate.suffix)) {
      unit = &candidate;
      break;
    }
  }
  if (unit == nullptr) return Err(Bad(text, kExpected));
  rest.remove_suffix(unit->suffix.size());

  // Integer part, then an optional exact fraction: whole * scale + fraction.
  Time whole = 0;
  std::size_t i = 0;
  for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i) {
    const Time digit = rest[i] - '0';
    if (whole > (kTimeMax / unit->scale - digit) / 10) return Err(Bad(text, "too large"));
    whole = whole * 10 + digit;
  }
  if (i == 0) return Err(Bad(text, kExpected));
  Time nanos = whole * unit->scale;
  if (i < rest.size()) {
    if (rest[i] != '.' || i + 1 == rest.size()) return Err(Bad(text, kExpected));
    Time place = unit->scale;
    for (++i; i < rest.size(); ++i) {
      if (rest[i] < '0' || rest[i] > '9') return Err(Bad(text, kExpected));
      const Time digit = rest[i] - '0';
      if (place % 10 != 0) {
        if (digit != 0) return Err(Bad(text, "finer than one nanosecond"));
        continue;
      }
      place /= 10;
      if (nanos > kTimeMax - digit * place) return Err(Bad(text, "too large"));
      nanos += digit * place;
    }
  }
  return negative ? -nanos : nanos;
}

std::string FormatDuration(Time duration) {
  if (duration == 0) return "0s";
  // -INT64_MIN overflows; no run gets near it, but formatting must not be UB.
  if (duration == INT64_MIN) return fmt::format("{}ns", duration);
  const bool negative = duration < 0;
  const Time magnitude = negative ? -duration : duration;
  const Unit* unit = &kUnits[0];
  // Minutes and hours only when exact: their fractions are not decimal.
  for (const Unit& candidate : kUnits) {
    const bool decimal = candidate.scale <= kSecond;
    if (magnitude >= candidate.scale && (decimal || magnitude % candidate.scale == 0)) {
      unit = &candidate;
    }
  }
  std::string out = negative ? "-" : "";
  out += fmt::format("{}", magnitude / unit->scale);
  Time fraction = magnitude % unit->scale;
  if (fraction != 0) {
    std::string digits = fmt::format("{}", unit->scale + fraction).substr(1);  // zero-padded
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  out += unit->suffix;
  return out;
}

}  // namespace sim
