// A layering probe (tests/layering/layering.cmake): this file is built with
// the run record (tools_record)'s include paths only, and must NOT compile, because
// the run record (tools_record) may not use tools/experiment/runner.h.
#include "tools/experiment/runner.h"
