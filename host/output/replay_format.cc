#include "replay_format.hh"

#include <fmt/format.h>

#include <numeric>

#include "importance_weight.hh"
#include "number_format.hh"

namespace chokepoint {

std::string format_trace_table(const SelectedModel& m, const Trace& trace, std::uint64_t seed) {
  const Scenario& s = m.scenario;
  const auto& sectors = m.model.sectors();
  const MetricLayout& lay = m.model.sizes().layout;
  std::string out = fmt::format("{}: scenario {} (seed {}){}{}{}\n", s.name, trace.scenario, seed,
                                m.policy.empty() ? "" : ", policy " + m.policy,
                                m.stress_test.empty() ? "" : ", stress test " + m.stress_test,
                                m.importance.empty() ? ""
                                                     : fmt::format(", importance {}: weight {:.4g}", m.importance,
                                                                   static_cast<double>(trace.units) / kUnitsPerWeight));
  out += fmt::format("loss_total {} {}", format_amount(trace.outputs[MetricLayout::loss_total]), s.value_unit);
  for (std::size_t k = 0; k < sectors.size(); ++k) {
    const auto sk = static_cast<std::int32_t>(k);
    out += fmt::format("; {} {} (peak {}, {} weeks short)", sectors[k], format_amount(trace.outputs[lay.sector_loss(sk)]),
                       format_percent(trace.outputs[lay.sector_peak(sk)]), trace.outputs[lay.sector_weeks_short(sk)]);
  }
  out += "\n\n";
  out += fmt::format("{:>4}  {:<10} {:>11}", "week", "regime", "loss");
  for (const auto& sector : sectors) out += fmt::format(" {:>14.14}", sector);
  out += "  events (* starts, ~ recovering) | capacity below 100%\n";
  for (const WeekRecord& w : trace.weeks) {
    const double loss = std::accumulate(w.sector_loss.begin(), w.sector_loss.end(), 0.0);
    out += fmt::format("{:>4}  {:<10} {:>11}", w.week, s.regimes.states[static_cast<std::size_t>(w.regime)], format_amount(loss));
    for (const double r : w.sector_ratio) out += fmt::format(" {:>14}", r > 0.0 ? format_percent(r) : "-");
    std::string events;
    for (std::size_t e = 0; e < w.event_profile.size(); ++e) {
      if (w.event_profile[e] <= 0.0) continue;
      events += fmt::format("{}{}{}", events.empty() ? "" : " ", s.events[e].id,
                            w.event_started[e] ? "*" : (w.event_profile[e] < 1.0 ? "~" : ""));
    }
    std::string cuts;
    for (std::size_t i = 0; i < w.capacity_factor.size(); ++i) {
      if (w.capacity_factor[i] < 1.0) {
        cuts += fmt::format("{}{} {}", cuts.empty() ? "" : ", ", s.nodes[i].id, format_percent(w.capacity_factor[i]));
      }
    }
    if (!events.empty() || !cuts.empty()) out += "  " + events + (cuts.empty() ? "" : " | " + cuts);
    out += "\n";
  }
  return out;
}

std::string format_trace_csv(const SelectedModel& m, const Trace& trace) {
  const Scenario& s = m.scenario;
  std::string out = "week,regime,loss";
  for (const auto& sector : m.model.sectors()) out += fmt::format(",ratio.{0},loss.{0}", sector);
  for (const Event& e : s.events) out += fmt::format(",profile.{}", e.id);
  for (const Node& n : s.nodes) out += fmt::format(",capacity_factor.{0},shortfall.{0}", n.id);
  out += "\n";
  for (const WeekRecord& w : trace.weeks) {
    const double loss = std::accumulate(w.sector_loss.begin(), w.sector_loss.end(), 0.0);
    out += fmt::format("{},{},{}", w.week, s.regimes.states[static_cast<std::size_t>(w.regime)], loss);
    for (std::size_t k = 0; k < w.sector_ratio.size(); ++k) out += fmt::format(",{},{}", w.sector_ratio[k], w.sector_loss[k]);
    for (const double p : w.event_profile) out += fmt::format(",{}", p);
    for (std::size_t i = 0; i < w.capacity_factor.size(); ++i) {
      out += fmt::format(",{},{}", w.capacity_factor[i], w.shortfall[i]);
    }
    out += "\n";
  }
  return out;
}

}  // namespace chokepoint
