#include "tools/scenario/seeds.h"

#include <fmt/format.h>

#include <charconv>

#include "tools/scenario/document.h"

namespace tools {

std::optional<std::uint64_t> ParseUnsigned(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

sim::Result<SeedRange, SeedRangeError> ParseSeeds(std::string_view text) {
  const auto bad = [&] {
    return sim::Err(SeedRangeError{
        false,
        fmt::format("expected N (seeds 1..N, N >= 1) or A..B, got {}", QuoteForError(text))});
  };
  const auto too_many = [&] {
    return sim::Err(SeedRangeError{
        true, fmt::format("{} is more than {} seeds", QuoteForError(text), kSeedsMax)});
  };
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    const auto count = ParseUnsigned(text);
    if (!count || *count == 0) return bad();
    if (*count > kSeedsMax) return too_many();
    return SeedRange{1, *count};
  }
  const auto first = ParseUnsigned(text.substr(0, dots));
  const auto last = ParseUnsigned(text.substr(dots + 2));
  if (!first || !last) return bad();
  if (*last < *first) {
    return sim::Err(
        SeedRangeError{true, fmt::format("{} ends before it begins", QuoteForError(text))});
  }
  if (*last - *first >= kSeedsMax) return too_many();
  return SeedRange{*first, *last};
}

}  // namespace tools
