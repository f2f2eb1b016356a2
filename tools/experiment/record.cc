#include "tools/experiment/record.h"

#include <fmt/format.h>

namespace tools {

std::string HexHash(std::uint64_t hash) {
  return fmt::format("{:016x}", hash);
}

std::string Summary(const Record& record) {
  const model::RunResult& r = record.result;
  const RecordContext& c = record.context;
  std::string out =
      fmt::format("{} (seed {}): {}", r.scenario, r.seed, model::RunOutcomeName(r.outcome));
  if (!r.reason.empty()) out += fmt::format(" ({})", r.reason);
  out += fmt::format(", phase reached {}\n", r.phase_reached);
  for (const std::string& fault : c.swarm_faults) out += fmt::format("  swarm fault: {}\n", fault);
  out += fmt::format("  writes      {} submitted, {} acked, {} failed, {} unknown\n",
                     r.writes.submitted, r.writes.acked, r.writes.failed, r.writes.unknown);
  out += fmt::format("  at cutover  {} lost of {} acked docs ({:.4f}%), {} divergent\n",
                     r.at_cutover.lost, r.at_cutover.acked_docs, 100 * r.at_cutover.loss_rate,
                     r.at_cutover.divergent);
  out += fmt::format(
      "  at end      {} lost of {} acked docs ({:.4f}%), {} divergent, {} resurrected\n",
      r.at_end.lost, r.at_end.acked_docs, 100 * r.at_end.loss_rate, r.at_end.divergent,
      r.at_end.resurrected);
  if (const std::string causes = model::CausesText(r.causes); !causes.empty()) out += fmt::format("  causes      {} (cutover-sim explain)\n", causes);
  if (r.exposure.docs > 0) {
    out += fmt::format(
        "  exposure    {} docs unreadable after an ack: {} for a while, {} to the end; "
        "{:.3f} doc-seconds missing, longest gap {:.3f}s\n",
        r.exposure.docs, r.exposure.temporary, r.exposure.permanent, r.exposure.missing_doc_seconds,
        r.exposure.longest_gap_s);
  }
  out += fmt::format("  copy        {} migrated, {} by the delta pass, {} anti-entropy repairs\n",
                     r.counters.migrated_docs, r.counters.delta_docs, r.counters.ae_repairs);
  out += fmt::format("  drain       {}{}, {} stuck outcomes failed\n",
                     sim::FormatDuration(r.counters.drain_duration),
                     r.counters.drain_timed_out ? " (timed out)" : "", r.counters.stuck_failed);
  out += fmt::format("  run         {} events, {} simulated, {:.0f} ms wall, trace hash {}\n",
                     r.events, sim::FormatDuration(r.sim_time), c.wall_ms, HexHash(r.trace_hash));
  return out;
}

}  // namespace tools
