#include "summary.hh"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "number_format.hh"

namespace chokepoint {

namespace {

const MetricStatistics* find_metric(const StudyStatistics& stats, const std::string& name) {
  for (const MetricStatistics& m : stats.metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string estimate(const Estimate& e) { return format_amount(e.value) + (e.exact ? "" : "~"); }

}  // namespace

std::string format_summary(const StudyIdentity& id, const StudyStatistics& stats, const RunRecord& run,
                           const std::string& out_dir) {
  std::string out;
  out += fmt::format("{}: {} scenarios, seed {}", id.model_name, format_count(id.scenarios), id.seed);
  if (!id.policy.empty()) out += fmt::format(", policy {}", id.policy);
  if (!id.stress_test.empty()) out += fmt::format(", stress test {}", id.stress_test);
  out += fmt::format(" | {} ({}), {:.2f} s\n", run.backend, run.backend_description, run.wall_seconds);
  if (id.target) {
    const TargetOutcome& t = *id.target;
    out += fmt::format("Precision target {} {}: 95% half-width {} of the estimate {} ({} after {} round{}; target {})\n",
                       t.target.statistic, t.target.metric, format_percent(t.relative_half_width), format_amount(t.estimate),
                       t.met ? "met" : "NOT met at the scenario limit", t.rounds, t.rounds == 1 ? "" : "s",
                       format_percent(t.target.relative_half_width));
  }
  if (stats.importance) {
    std::size_t raised = 0;
    for (const double f : stats.importance->factors) raised += f != 1.0 ? 1 : 0;
    out += fmt::format("Importance sampling ({}): {} event{} raised; effective sample size {}\n", id.importance, raised,
                       raised == 1 ? "" : "s", format_count(static_cast<std::uint64_t>(stats.importance->effective_sample_size)));
  }
  out += fmt::format("Losses in {} over {} weeks; ~ marks values from histogram bins (within 0.4%).\n\n",
                     id.value_unit.empty() ? "value units" : id.value_unit, id.horizon_weeks);

  out += fmt::format("{:<28} {:>22} {:>8} {:>11} {:>11} {:>11} {:>11}\n", "loss", "mean ± se", "P(>0)", "VaR 95%",
                     "CVaR 95%", "VaR 99%", "CVaR 99%");
  std::vector<std::string> rows = {"loss_total"};
  for (const auto& s : id.sectors) rows.push_back("loss." + s);
  for (const auto& name : rows) {
    const MetricStatistics* m = find_metric(stats, name);
    if (m == nullptr) continue;
    out += fmt::format("{:<28} {:>22} {:>8} {:>11} {:>11} {:>11} {:>11}\n", name,
                       format_amount(m->mean) + " ± " + format_amount(m->se), format_percent(m->p_positive),
                       estimate(m->var[0]), estimate(m->cvar[0]), estimate(m->var[1]), estimate(m->cvar[1]));
  }
  if (const MetricStatistics* total = find_metric(stats, "loss_total")) {
    const auto ci = [](const Interval& i) { return fmt::format("[{}, {}]", format_amount(i.first), format_amount(i.second)); };
    out += fmt::format("95% intervals for loss_total: mean {}, VaR 99% {}, CVaR 99% {}\n", ci(total->mean_ci),
                       ci(total->var_ci[1]), total->cvar_ci[1] ? ci(*total->cvar_ci[1]) : "n/a (too few tail scenarios per batch)");
  }
  out += fmt::format("\n{:<28} {:>12} {:>12} {:>14} {:>14}\n", "sector", "peak short", "P99 peak", "weeks short",
                     "P99 weeks");
  for (const auto& s : id.sectors) {
    const MetricStatistics* peak = find_metric(stats, "peak_shortfall." + s);
    const MetricStatistics* weeks = find_metric(stats, "weeks_short." + s);
    if (peak == nullptr || weeks == nullptr) continue;
    out += fmt::format("{:<28} {:>12} {:>12} {:>14} {:>14}\n", s, format_percent(peak->mean),
                       format_percent(peak->var[1].value), fmt::format("{:.2f}", weeks->mean),
                       fmt::format("{:.0f}", weeks->var[1].value));
  }

  // Events over-represented in the tail.
  std::vector<std::size_t> order(id.events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double la = std::isnan(stats.tail.event_lift[a]) ? 0.0 : stats.tail.event_lift[a];
    const double lb = std::isnan(stats.tail.event_lift[b]) ? 0.0 : stats.tail.event_lift[b];
    return la > lb;
  });
  out += fmt::format("\nWorst 1% of loss_total ({} scenarios{}):", format_count(stats.tail.scenarios),
                     stats.tail.exact ? "" : ", approximated by the top-K list");
  std::string lifts;
  for (std::size_t i = 0; i < order.size() && i < 5; ++i) {
    const double lift = stats.tail.event_lift[order[i]];
    if (!(lift > 0.0)) break;
    lifts += fmt::format("{}{} x{:.1f}", lifts.empty() ? "" : ", ", id.events[order[i]], lift);
  }
  out += lifts.empty() ? " no event started in it.\n" : "\n  events more frequent than overall: " + lifts + "\n";

  if (!stats.worst.empty()) {
    out += "  worst scenarios:";
    for (std::size_t i = 0; i < stats.worst.size() && i < 5; ++i) {
      out += fmt::format(" #{} ({})", stats.worst[i].scenario, format_amount(stats.worst[i].loss_total));
    }
    out += fmt::format("\n  explain one: chokepoint replay {} --scenario {} --seed {}{}\n", run.model_file,
                       stats.worst[0].scenario, id.seed,
                       (id.policy.empty() ? "" : " --policy " + id.policy) +
                           (id.stress_test.empty() ? "" : " --stress " + id.stress_test));
  }
  out += fmt::format("\nResults: {}/results.json (and quantiles.csv, exceedance.csv, fan_chart.csv, worst.csv, "
                     "tail.csv, manifest.json)\n",
                     out_dir);
  return out;
}

}  // namespace chokepoint
