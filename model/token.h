// model/token.h
//
// Replies and timers carry a token naming who asked: a component, an index
// within it (a request slot, a migration) and a sequence number, so a late
// reply to a request that was retried, timed out or forgotten in a crash is
// recognised and ignored.
#pragma once

#include <cstdint>

namespace model {

enum class Component : std::uint8_t { kRouter = 1, kDriver = 2, kAntiEntropy = 3, kClient = 4 };

struct Token {
  Component component;
  std::uint32_t index;     // 24 bits
  std::uint32_t sequence;  // 32 bits

  std::uint64_t Pack() const {
    return (std::uint64_t{static_cast<std::uint8_t>(component)} << 56) |
           (std::uint64_t{index & 0xFFFFFF} << 32) | sequence;
  }
  static Token Unpack(std::uint64_t word) {
    return Token{static_cast<Component>(word >> 56), static_cast<std::uint32_t>(word >> 32) & 0xFFFFFF,
                 static_cast<std::uint32_t>(word)};
  }
};

}  // namespace model
