// A layering probe (tests/layering/layering.cmake): this file is built with
// the report layer (tools_report)'s include paths only, and must NOT compile, because
// the report layer (tools_report) may not use tools/scenario/scenario.h.
#include "tools/scenario/scenario.h"
