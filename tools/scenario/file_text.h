// tools/scenario/file_text.h
//
// A whole input file as text, for the loaders (a scenario, a key file, a
// capsule): what the file is, or why it cannot be read, in words a caller
// puts after the file's name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/result.h"

namespace tools {

// The text of the file at `path`, or why not ("no such file", "is a
// directory, not a `noun`", "file larger than N bytes", ...).
sim::Result<std::string, std::string> ReadFileText(const std::string& path, std::string_view noun,
                                                   std::uint64_t max_bytes = UINT64_MAX);

}  // namespace tools
