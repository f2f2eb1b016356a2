// A layering probe (tests/layering/layering.cmake): this file is built with
// the scenario language (tools_scenario)'s include paths only, and must NOT compile, because
// the scenario language (tools_scenario) may not use tools/experiment/runner.h.
#include "tools/experiment/runner.h"
