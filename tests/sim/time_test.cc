#include "sim/time.h"

#include <gtest/gtest.h>

namespace sim {
namespace {

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(ParseDuration("7ns").value(), 7);
  EXPECT_EQ(ParseDuration("250us").value(), 250 * kMicrosecond);
  EXPECT_EQ(ParseDuration("5ms").value(), 5 * kMillisecond);
  EXPECT_EQ(ParseDuration("30s").value(), 30 * kSecond);
  EXPECT_EQ(ParseDuration("2m").value(), 2 * kMinute);
  EXPECT_EQ(ParseDuration("6h").value(), 6 * kHour);
  EXPECT_EQ(ParseDuration("0s").value(), 0);
}

TEST(ParseDuration, AcceptsExactDecimals) {
  EXPECT_EQ(ParseDuration("1.5s").value(), 1'500'000'000);
  EXPECT_EQ(ParseDuration("0.25ms").value(), 250'000);
  EXPECT_EQ(ParseDuration("1.5m").value(), 90 * kSecond);
}

TEST(ParseDuration, NegativeOnlyWhenAllowed) {
  EXPECT_EQ(ParseDuration("-200ms", /*allow_negative=*/true).value(), -200 * kMillisecond);
  const auto refused = ParseDuration("-200ms");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error(), "bad duration \"-200ms\": must not be negative");
}

TEST(ParseDuration, RefusesMalformedTextWithMessage) {
  const std::string expected =
      ": expected a number and a unit (ns, us, ms, s, m, h), like 250us, 5ms, 30s, 2m, 6h";
  for (const char* text : {"", "5", "s", "5 s", "5sec", "five s", "1.s", ".5s", "5S", "1e3ms",
                           "5ms ", "1,5s", "+5s"}) {
    const auto parsed = ParseDuration(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error(), fmt::format("bad duration \"{}\"{}", text, expected)) << text;
  }
}

TEST(ParseDuration, RefusesOverflowAndSubNanosecond) {
  EXPECT_EQ(ParseDuration("300000000h").error(), "bad duration \"300000000h\": too large");
  EXPECT_EQ(ParseDuration("99999999999999999999ns").error(),
            "bad duration \"99999999999999999999ns\": too large");
  EXPECT_EQ(ParseDuration("1.5ns").error(), "bad duration \"1.5ns\": finer than one nanosecond");
}

TEST(ParseDuration, ShowsBytesThatAreNotPrintableAsciiEscapedInItsOneLine) {
  EXPECT_EQ(ParseDuration("5\x7fms").error(),
            "bad duration \"5\\x7fms\": expected a number and a unit (ns, us, ms, s, m, h), like "
            "250us, 5ms, 30s, 2m, 6h");
  EXPECT_EQ(ParseDuration("1\n\"\xc2\xb5s").error().find('\n'), std::string::npos);
}

TEST(FormatDuration, PicksLargestExactUnitAndRoundTrips) {
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(1'500'000), "1.5ms");
  EXPECT_EQ(FormatDuration(30 * kSecond), "30s");
  EXPECT_EQ(FormatDuration(90 * kSecond), "90s");
  EXPECT_EQ(FormatDuration(6 * kHour), "6h");
  EXPECT_EQ(FormatDuration(-200 * kMillisecond), "-200ms");
  for (const Time t : {Time{1}, Time{999}, Time{1'000'001}, Time{123'456'789'012},
                       3 * kMinute + 1, -7 * kHour, Time{59'999'999'999}}) {
    EXPECT_EQ(ParseDuration(FormatDuration(t), true).value(), t) << FormatDuration(t);
  }
}

}  // namespace
}  // namespace sim
