// A layering probe (tests/layering/layering.cmake): this file is built with
// the kernel (cutover_sim)'s include paths only, and must NOT compile, because
// the kernel (cutover_sim) may not use model/run.h.
#include "model/run.h"
