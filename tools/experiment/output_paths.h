// tools/experiment/output_paths.h
//
// Whether a command's outputs may be written: none of them is one of its
// inputs, and no two of them are the same file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tools {

// A file the command writes, named by its flag.
struct OutputPath {
  std::string_view flag;  // "--trace"
  std::string path;
};
// Why the outputs cannot be written, as one sentence: one is also an input,
// or two name the same file. Paths are compared as the file they reach.
std::optional<std::string> OutputClash(const std::vector<std::string>& inputs,
                                       const std::vector<OutputPath>& outputs);

}  // namespace tools
