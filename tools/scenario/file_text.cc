#include "tools/scenario/file_text.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

namespace tools {

sim::Result<std::string, std::string> ReadFileText(const std::string& path, std::string_view noun,
                                                   std::uint64_t max_bytes) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return sim::Err(std::string("no such file"));
  if (std::filesystem::is_directory(path, error)) {
    return sim::Err(fmt::format("is a directory, not a {}", noun));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return sim::Err(std::string("cannot open the file"));
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) return sim::Err(fmt::format("file larger than {} bytes", max_bytes));
  }
  if (in.bad()) return sim::Err(std::string("cannot read the file"));
  return text;
}

}  // namespace tools
