// The layering probes' control: the command line may use every layer, so
// this file compiles. It shows that the probes fail for the missing arrow,
// not for a broken probe set-up.
#include "model/run.h"
#include "sim/time.h"
#include "tools/cli/commands.h"
#include "tools/experiment/record.h"
#include "tools/experiment/runner.h"
#include "tools/report/table.h"
#include "tools/scenario/scenario.h"
