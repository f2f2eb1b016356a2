// A layering probe (tests/layering/layering.cmake): this file is built with
// the experiment layer (tools_experiment)'s include paths only, and must NOT compile, because
// the experiment layer (tools_experiment) may not use tools/report/table.h.
#include "tools/report/table.h"
