#include "sim/check.h"

namespace sim {

void FailCheck(const char* file, int line, const std::string& message) {
  throw InternalError(fmt::format("{}:{}: {}", file, line, message));
}

}  // namespace sim
