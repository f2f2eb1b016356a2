#include "tools/scenario/key_file.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tools/scenario/document.h"
#include "tools/scenario/file_text.h"

namespace tools {
namespace {

using KeyListPtr = std::shared_ptr<const model::KeyList>;

LoadError ErrorAt(const std::string& path, std::size_t line, std::size_t column,
                  std::string_view what) {
  return LoadError{OneLine(fmt::format("{}:{}:{}: {}", path, line, column, what))};
}

// The 1-based column of the first byte of `key` that is not UTF-8, or 0.
std::size_t BadUtf8Column(std::string_view key) {
  for (std::size_t i = 0; i < key.size();) {
    if (static_cast<unsigned char>(key[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = Utf8Length(key.substr(i));
    if (length == 0) return i + 1;
    i += length;
  }
  return 0;
}

sim::Result<KeyListPtr, LoadError> Parse(const std::string& path, const std::string& text) {
  std::vector<std::string> keys;
  std::unordered_map<std::string_view, std::size_t> line_of;  // views into text
  std::size_t line = 0;
  for (std::size_t begin = 0; begin < text.size();) {
    ++line;
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string_view key(text.data() + begin, end - begin);
    begin = end + 1;
    if (key.ends_with('\r')) key.remove_suffix(1);
    if (key.empty()) return sim::Err(ErrorAt(path, line, 1, "empty line: every line is a key"));
    if (key.size() > kKeyBytesMax) {
      return sim::Err(ErrorAt(path, line, 1,
                              fmt::format("a key of {} bytes; at most {}", key.size(),
                                          kKeyBytesMax)));
    }
    if (const std::size_t column = BadUtf8Column(key); column != 0) {
      return sim::Err(ErrorAt(path, line, column, "a key that is not valid UTF-8"));
    }
    if (const auto [at, fresh] = line_of.emplace(key, line); !fresh) {
      return sim::Err(ErrorAt(path, line, 1,
                              fmt::format("key \"{}\" again (first on line {})", key, at->second)));
    }
    keys.emplace_back(key);
  }
  if (keys.empty()) return sim::Err(ErrorAt(path, 1, 1, "no keys: the file is empty"));
  return KeyListPtr(std::make_shared<const model::KeyList>(model::MakeKeyList(std::move(keys))));
}

}  // namespace

sim::Result<KeyListPtr, LoadError> ReadKeyFile(const std::string& path) {
  // Every point of a sweep loads its scenario: one read serves them all
  // while the file keeps its size and modification time.
  struct Cached {
    std::uintmax_t size;
    std::filesystem::file_time_type modified;
    KeyListPtr keys;
  };
  static std::mutex mutex;
  static std::map<std::string, Cached> cache;
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  const auto modified = std::filesystem::last_write_time(path, error);
  if (!error) {
    const std::lock_guard lock(mutex);
    if (const auto found = cache.find(path);
        found != cache.end() && found->second.size == size && found->second.modified == modified) {
      return found->second.keys;
    }
  }
  auto text = ReadFileText(path, "key file");
  if (!text.has_value()) {
    return sim::Err(LoadError{OneLine(fmt::format("{}: {}", path, text.error()))});
  }
  auto keys = Parse(path, text.value());
  if (keys.has_value() && !error) {
    const std::lock_guard lock(mutex);
    cache.insert_or_assign(path, Cached{size, modified, keys.value()});
  }
  return keys;
}

std::string KeyFilePath(const std::string& scenario_file, const std::string& file) {
  const std::filesystem::path named(file);
  if (named.is_absolute()) return file;
  return (std::filesystem::path(scenario_file).parent_path() / named).lexically_normal().string();
}

}  // namespace tools
