#include "tests/fuzz/scenario_harness.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "model/run_size.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/document.h"
#include "tools/scenario/scenario.h"

namespace fuzz {
std::optional<std::string> ErrorLineProblem(std::string_view message, std::string_view label) {
  if (message.empty()) return "an empty error message";
  if (message.substr(0, label.size()) != label || message.size() <= label.size() ||
      message[label.size()] != ':') {
    return fmt::format("the error does not begin with \"{}:\"", label);
  }
  for (std::size_t i = 0; i < message.size();) {
    const auto byte = static_cast<unsigned char>(message[i]);
    if (byte < 0x20 || byte == 0x7f) {
      return fmt::format("the error has the control byte 0x{:02x} at {}", byte, i);
    }
    const std::size_t length = byte < 0x80 ? 1 : tools::Utf8Length(message.substr(i));
    if (length == 0) return fmt::format("the error has invalid UTF-8 at byte {}", i);
    i += length;
  }
  return std::nullopt;
}

CaseReport CheckScenario(std::string_view text, const std::string& label, bool twice) {
  CaseReport report;
  try {
    auto loaded = tools::LoadScenarioText(std::string(text), label);
    if (!loaded.has_value()) {
      if (auto problem = ErrorLineProblem(loaded.error().message, label)) {
        report.problem = *problem + ": " + loaded.error().message;
      }
      return report;
    }
    tools::Scenario scenario = std::move(loaded).value();
    scenario.model.run.max_events = std::min(scenario.model.run.max_events, kEventBudget);
    if (model::EstimatedRunBytes(scenario.model) > kRunBytesMax) {
      report.result = CaseResult::kTooBig;
      return report;
    }
    report.result = CaseResult::kRan;
    const tools::ScenarioRun run = tools::RunScenario(scenario, scenario.model.seed, false);
    report.outcome = model::RunOutcomeName(run.record.result.outcome);
    if (twice) {
      const tools::ScenarioRun again = tools::RunScenario(scenario, scenario.model.seed, false);
      if (again.record.result.trace_hash != run.record.result.trace_hash) {
        report.problem = fmt::format("two runs differ: trace hash {:016x} then {:016x}",
                                     run.record.result.trace_hash, again.record.result.trace_hash);
      }
    }
  } catch (const std::exception& error) {
    report.problem = fmt::format("an exception (the CLI's exit 3): {}", error.what());
  }
  return report;
}

}  // namespace fuzz
