#include "tools/experiment/record.h"

#include <fmt/format.h>

#include "sim/check.h"

namespace tools {

std::string HexHash(std::uint64_t hash) {
  return fmt::format("{:016x}", hash);
}

std::vector<std::pair<std::string, std::string>> SplitOverrides(
    const std::vector<std::string>& sets) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& set : sets) {
    const std::size_t equals = set.find('=');
    SIM_ASSERT(equals != std::string::npos, "override without '=' past the loader: {}", set);
    out.emplace_back(set.substr(0, equals), set.substr(equals + 1));
  }
  return out;
}

nlohmann::ordered_json ParamsJson(const std::vector<std::pair<std::string, std::string>>& params) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [path, value] : params) out[path] = value;
  return out;
}

nlohmann::ordered_json ToRecord(const model::RunResult& r, const RecordContext& c) {
  const nlohmann::ordered_json params = ParamsJson(c.params);
  nlohmann::ordered_json migrations = nlohmann::ordered_json::array();
  for (const model::MigrationOutcome& m : r.migrations) {
    migrations.push_back({{"node", m.node},
                          {"outcome", m.outcome},
                          {"reason", m.reason},
                          {"phase_reached", m.phase_reached}});
  }
  return {
      {"scenario", r.scenario},
      {"file", c.file},
      {"seed", r.seed},
      {"params", params},
      {"configuration", c.configuration},
      {"outcome", r.outcome},
      {"reason", r.reason},
      {"phase_reached", r.phase_reached},
      {"writes",
       {{"submitted", r.writes.submitted},
        {"acked", r.writes.acked},
        {"failed", r.writes.failed},
        {"unknown", r.writes.unknown}}},
      {"acked_docs", r.at_end.acked_docs},
      {"lost_at_cutover", r.at_cutover.lost},
      {"lost", r.at_end.lost},
      {"divergent", r.at_end.divergent},
      {"resurrected", r.at_end.resurrected},
      {"loss_rate", r.at_end.loss_rate},
      {"acked_docs_at_cutover", r.at_cutover.acked_docs},
      {"loss_rate_at_cutover", r.at_cutover.loss_rate},
      {"divergent_at_cutover", r.at_cutover.divergent},
      {"migrated_docs", r.migrated_docs},
      {"delta_docs", r.delta_docs},
      {"ae_repairs", r.ae_repairs},
      {"ae_divergent", r.ae_divergent},
      {"ae_passes", r.ae_passes},
      {"drain",
       {{"duration_ns", r.drain_duration},
        {"timed_out", r.drain_timed_out},
        {"stuck_failed", r.stuck_failed}}},
      {"cdc",
       {{"events", r.cdc_events},
        {"suppressed", r.cdc_suppressed},
        {"anomalies", r.cdc_anomalies}}},
      {"held_writes", r.held_writes},
      {"rejected_writes", r.rejected_writes},
      {"migrations", migrations},
      {"swarm_faults", c.swarm_faults},
      {"sim_time_ns", r.sim_time},
      {"events", r.events},
      {"trace_hash", HexHash(r.trace_hash)},
      {"wall_ms", c.wall_ms},
  };
}

// The fields read back are the ones an expect: block can check.
model::RunResult RecordToResult(const nlohmann::ordered_json& record) {
  model::RunResult r;
  r.scenario = record.at("scenario").get<std::string>();
  r.seed = record.at("seed").get<std::uint64_t>();
  r.outcome = record.at("outcome").get<std::string>();
  r.reason = record.at("reason").get<std::string>();
  r.phase_reached = record.at("phase_reached").get<std::string>();
  const auto& writes = record.at("writes");
  r.writes.submitted = writes.at("submitted").get<std::uint64_t>();
  r.writes.acked = writes.at("acked").get<std::uint64_t>();
  r.writes.failed = writes.at("failed").get<std::uint64_t>();
  r.writes.unknown = writes.at("unknown").get<std::uint64_t>();
  r.at_end.acked_docs = record.at("acked_docs").get<std::uint64_t>();
  r.at_cutover.lost = record.at("lost_at_cutover").get<std::uint64_t>();
  r.at_end.lost = record.at("lost").get<std::uint64_t>();
  r.at_end.divergent = record.at("divergent").get<std::uint64_t>();
  r.at_end.resurrected = record.at("resurrected").get<std::uint64_t>();
  r.at_end.loss_rate = record.at("loss_rate").get<double>();
  r.migrated_docs = record.at("migrated_docs").get<std::uint64_t>();
  r.delta_docs = record.at("delta_docs").get<std::uint64_t>();
  r.ae_repairs = record.at("ae_repairs").get<std::uint64_t>();
  r.drain_timed_out = record.at("drain").at("timed_out").get<bool>();
  r.cdc_anomalies = record.at("cdc").at("anomalies").get<std::uint64_t>();
  return r;
}

std::string Summary(const model::RunResult& r, const RecordContext& c) {
  std::string out = fmt::format("{} (seed {}): {}", r.scenario, r.seed, r.outcome);
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
  out += fmt::format("  copy        {} migrated, {} by the delta pass, {} anti-entropy repairs\n",
                     r.migrated_docs, r.delta_docs, r.ae_repairs);
  out += fmt::format("  drain       {}{}, {} stuck outcomes failed\n",
                     sim::FormatDuration(r.drain_duration), r.drain_timed_out ? " (timed out)" : "",
                     r.stuck_failed);
  out += fmt::format("  run         {} events, {} simulated, {:.0f} ms wall, trace hash {}\n",
                     r.events, sim::FormatDuration(r.sim_time), c.wall_ms, HexHash(r.trace_hash));
  return out;
}

}  // namespace tools
