// A layering probe (tests/layering/layering.cmake): this file is built with
// the model (cutover_model)'s include paths only, and must NOT compile, because
// the model (cutover_model) may not use tools/scenario/scenario.h.
#include "tools/scenario/scenario.h"
