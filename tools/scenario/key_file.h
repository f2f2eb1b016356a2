// tools/scenario/key_file.h
//
// workload.keys.file: a user's own document keys, one per line, so a run
// draws from their real id distribution. A line is a key as it is (a
// trailing "\r" of a CRLF file aside): not empty, valid UTF-8, at most
// kKeyBytesMax bytes, no key twice. A file is read once per process and
// shared by every run that names it, while it stays the same size and age.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "model/key_list.h"
#include "sim/result.h"
#include "tools/scenario/load_error.h"

namespace tools {

inline constexpr std::size_t kKeyBytesMax = 1024;

// The keys of the file at `path`, or "path:line:column: what is wrong"
// ("path: what is wrong" when it cannot be read at all).
sim::Result<std::shared_ptr<const model::KeyList>, LoadError> ReadKeyFile(const std::string& path);

// `file` as the scenario names it, found beside the scenario when relative.
std::string KeyFilePath(const std::string& scenario_file, const std::string& file);

}  // namespace tools
