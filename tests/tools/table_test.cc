// Tests for `cutover-sim table` (tools/table_command.cc).
#include <gtest/gtest.h>
