#include "model_info.hh"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "number_format.hh"
#include "supply_graph.hh"

namespace chokepoint {

namespace {

std::string describe_dist(const Distribution& d) {
  switch (d.kind) {
    case DistKind::fixed:
      return format_amount(d.a);
    case DistKind::uniform:
      return fmt::format("uniform {}..{}", format_amount(d.a), format_amount(d.b));
    case DistKind::triangular:
      return fmt::format("triangular {}/{}/{}", format_amount(d.a), format_amount(d.b), format_amount(d.c));
    case DistKind::normal:
      return fmt::format("normal {}±{}", format_amount(d.a), format_amount(d.b));
    case DistKind::lognormal:
      return fmt::format("lognormal median {} sigma {}", format_amount(d.a), format_amount(d.b));
    case DistKind::exponential:
      return fmt::format("exponential mean {}", format_amount(d.a));
    case DistKind::loguniform:
      return fmt::format("loguniform {}..{}", format_amount(d.a), format_amount(d.b));
    case DistKind::discrete: {
      // Each value with its weight (the step of the cumulative weights).
      std::string out = "discrete";
      double previous = 0.0;
      for (std::int32_t k = 0; k < d.n_values; ++k) {
        out += fmt::format("{} {} (p {})", k == 0 ? "" : ",", format_amount(d.values[k]),
                           format_amount(d.cumulative[k] - previous));
        previous = d.cumulative[k];
      }
      return out;
    }
  }
  return "";
}

std::string describe_rates(const Event& e, const Regimes& r) {
  const bool same = std::all_of(e.annual_rate.begin(), e.annual_rate.end(), [&](double x) { return x == e.annual_rate[0]; });
  if (same) return fmt::format("{}/yr", format_amount(e.annual_rate[0]));
  std::string out;
  for (std::size_t k = 0; k < r.states.size(); ++k) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", r.states[k], format_amount(e.annual_rate[k]));
  }
  return out + " /yr";
}

}  // namespace

std::string describe_model(const SelectedModel& m) {
  const Scenario& s = m.scenario;
  const ModelView& v = m.model.sizes();
  std::string out;
  out += fmt::format("{} ({})\n", s.name, m.loaded.doc.path);
  if (!s.description.empty()) out += fmt::format("  {}\n", s.description);
  if (!m.policy.empty()) out += fmt::format("  with policy: {}\n", m.policy);
  if (!m.stress_test.empty()) out += fmt::format("  with stress test: {}\n", m.stress_test);
  out += fmt::format("  horizon {} weeks, values in {}, inventory refill rate {}\n", s.horizon_weeks,
                     s.value_unit.empty() ? "(no unit given)" : s.value_unit, s.inventory_refill_rate);
  out += "  regimes: ";
  for (std::size_t k = 0; k < s.regimes.states.size(); ++k) {
    out += (k > 0 ? ", " : "") + s.regimes.states[k] + (s.regimes.states[k] == s.regimes.initial ? " (initial)" : "");
  }
  out += "\n";

  const SupplyGraph graph(s);
  const auto order = graph.topological_order();
  const auto tier = graph.tier(order);
  const std::int32_t depth = tier.empty() ? 0 : *std::max_element(tier.begin(), tier.end());
  out += fmt::format("  nodes: {} in {} sectors; {} input groups, {} supplier links; supply chains up to {} tiers deep\n",
                     s.nodes.size(), m.model.sectors().size(), v.n_groups, v.n_links, depth + 1);
  std::map<std::string, int> sector_nodes;
  std::map<std::string, int> regions;
  for (const Node& n : s.nodes) {
    ++sector_nodes[n.sector];
    ++regions[n.region.empty() ? "(none)" : n.region];
  }
  out += "  sectors:";
  for (const auto& sector : m.model.sectors()) out += fmt::format(" {} ({})", sector, sector_nodes[sector]);
  out += "\n  regions:";
  for (const auto& [region, count] : regions) out += fmt::format(" {} ({})", region, count);
  out += "\n";

  out += fmt::format("\nevents ({}):\n", s.events.size());
  for (const Event& e : s.events) {
    out += fmt::format("  {:<32} {}; lasts {} wk, recovery {} wk; {} effect{}{}\n", e.id, describe_rates(e, s.regimes),
                       describe_dist(e.duration.dist), e.recovery_weeks, e.effects.size(), e.effects.size() == 1 ? "" : "s",
                       e.regime_shift ? "; shifts regime to " + *e.regime_shift : "");
  }
  out += fmt::format("\npolicies ({}):\n", s.policies.size());
  for (const Policy& p : s.policies) {
    out += fmt::format("  {:<32} {}{}\n", p.id, p.label,
                       p.annual_cost ? fmt::format(" (annual cost {})", format_amount(*p.annual_cost)) : "");
  }
  out += fmt::format("\nstress tests ({}):\n", s.stress_tests.size());
  for (const StressTest& t : s.stress_tests) {
    std::string forces;
    for (const Force& f : t.force) {
      forces += fmt::format("{}{} from week {}", forces.empty() ? "" : ", ", f.event, f.start_week);
      if (f.duration_weeks) forces += fmt::format(" for {} wk", *f.duration_weeks);
      if (f.capacity_loss) forces += fmt::format(" at {} loss", format_percent(*f.capacity_loss));
    }
    out += fmt::format("  {:<32} {}\n", t.id, forces);
  }

  out += "\nsteady state (base demand, no events), units per week:\n";
  out += fmt::format("  {:<32} {:<16} {:>4} {:>14} {:>14} {:>9}\n", "node", "sector", "tier", "desired output",
                     "capacity", "use");
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Node& n = s.nodes[static_cast<std::size_t>(order[k])];
    const double ybar = m.model.steady_state()[k];
    const double use = ybar / n.capacity;
    out += fmt::format("  {:<32} {:<16} {:>4} {:>14} {:>14} {:>9}{}\n", n.id, n.sector, tier[static_cast<std::size_t>(order[k])],
                       format_amount(ybar), format_amount(n.capacity), format_percent(use),
                       use > 1.0 ? "  over capacity: short even without events" : "");
  }
  if (!s.sources.empty()) {
    out += fmt::format("\nsources ({}):\n", s.sources.size());
    for (const Source& src : s.sources) out += fmt::format("  [{}] {}\n", src.id, src.citation);
  }
  return out;
}

}  // namespace chokepoint
