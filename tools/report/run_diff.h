// tools/report/run_diff.h
//
// `cutover-sim diff`: one seed under two configurations, A and B. Where the
// runs first part (the first trace record that differs, with the last one
// they share), then what differs per document at the end: lost in A only,
// in B only, in both, each with its cause (model/README.md, "Why a write
// was lost").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/config.h"
#include "model/run.h"

namespace tools {

// The index of the first trace record where the two runs differ, or nothing
// when their records are the same (then their trace hashes are too, as far
// as the records kept go). REQUIRES: both runs kept their traces.
std::optional<std::size_t> FirstDivergence(const model::RunResult& a, const model::RunResult& b);

// The report, at most about 40 lines.
std::string DiffText(const model::ModelConfig& a_config, const model::RunResult& a,
                     const model::ModelConfig& b_config, const model::RunResult& b);

}  // namespace tools
