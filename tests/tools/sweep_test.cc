// Tests for `cutover-sim sweep` (tools/sweep_command.cc).
#include <gtest/gtest.h>
