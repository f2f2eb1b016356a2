#include "tools/experiment/output_paths.h"

#include <fmt/format.h>

#include <filesystem>

#include "tools/scenario/document.h"

namespace tools {

namespace {
std::filesystem::path Reached(const std::string& path) {
  std::error_code error;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
  return error ? std::filesystem::path(path) : canonical;
}
}  // namespace

std::optional<std::string> OutputClash(const std::vector<std::string>& inputs,
                                       const std::vector<OutputPath>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const std::filesystem::path out = Reached(outputs[i].path);
    for (const std::string& input : inputs) {
      if (Reached(input) != out) continue;
      return fmt::format("{} {} is also an input; it would be overwritten: choose another path",
                         outputs[i].flag, QuoteForError(outputs[i].path, 4096));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (Reached(outputs[j].path) != out) continue;
      return fmt::format("{} and {} name the same file {}", outputs[j].flag, outputs[i].flag,
                         QuoteForError(outputs[i].path, 4096));
    }
  }
  return std::nullopt;
}

}  // namespace tools
