#include "scenario_rules.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "steady_state.hh"
#include "suggest.hh"
#include "supply_graph.hh"

namespace chokepoint {

namespace {

constexpr double kRowSumTolerance = 1e-9;
constexpr double kShareSumTolerance = 1e-6;

/// Reports ids that appear twice, naming where the first one is.
template <class Item>
void check_unique_ids(const std::vector<Item>& items, std::string_view what, Diagnostics& diags) {
  std::unordered_map<std::string, std::string> first;
  for (const Item& item : items) {
    const auto [it, inserted] = first.emplace(item.id, item.where);
    if (!inserted) diags.error(item.where + "/id", fmt::format("duplicate {} id \"{}\" (first used at {})", what, item.id, it->second));
  }
}

void check_regimes(const Regimes& r, Diagnostics& diags) {
  std::set<std::string> seen;
  for (std::size_t k = 0; k < r.states.size(); ++k) {
    if (!seen.insert(r.states[k]).second) {
      diags.error(fmt::format("{}/states/{}", r.where, k), fmt::format("duplicate regime \"{}\"", r.states[k]));
    }
  }
  if (std::find(r.states.begin(), r.states.end(), r.initial) == r.states.end()) {
    diags.error(r.where + "/initial", with_suggestion(fmt::format("unknown regime \"{}\"", r.initial), r.initial, r.states));
  }
  const std::size_t n = r.states.size();
  if (r.weekly_transition.size() != n) {
    diags.error(r.where + "/weekly_transition",
                fmt::format("must have {} rows, one per state, got {}", n, r.weekly_transition.size()));
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& row = r.weekly_transition[i];
    const std::string where = fmt::format("{}/weekly_transition/{}", r.where, i);
    if (row.size() != n) {
      diags.error(where, fmt::format("must have {} entries, one per state, got {}", n, row.size()));
      continue;
    }
    double sum = 0.0;
    for (double p : row) sum += p;
    if (std::fabs(sum - 1.0) > kRowSumTolerance) {
      diags.error(where, fmt::format("row of \"{}\" sums to {}, must sum to 1 (within 1e-9)", r.states[i], sum));
    }
  }
}

/// Node ids, for lookups that stay fast on large models.
struct NodeIds {
  std::vector<std::string> list;
  std::set<std::string, std::less<>> set;
  explicit NodeIds(const Scenario& s) : list(s.node_ids()), set(list.begin(), list.end()) {}
  bool contains(std::string_view id) const { return set.find(id) != set.end(); }
};

void check_inputs(const NodeIds& ids, const Node& node, Diagnostics& diags) {
  std::set<std::string> names;
  for (const Input& in : node.inputs) {
    if (!names.insert(in.name).second) {
      diags.error(in.where + "/name", fmt::format("duplicate input name \"{}\" in node \"{}\"", in.name, node.id));
    }
    std::set<std::string> suppliers;
    double sum = 0.0;
    for (const Supplier& sup : in.suppliers) {
      sum += sup.share;
      if (sup.node == node.id) {
        diags.error(sup.where + "/node", fmt::format("node \"{}\" cannot supply itself", node.id));
      } else if (!ids.contains(sup.node)) {
        diags.error(sup.where + "/node", with_suggestion(fmt::format("unknown node \"{}\"", sup.node), sup.node, ids.list));
      }
      if (!suppliers.insert(sup.node).second) {
        diags.error(sup.where + "/node", fmt::format("supplier \"{}\" is listed twice in this input", sup.node));
      }
    }
    if (std::fabs(sum - 1.0) > kShareSumTolerance) {
      diags.error(in.where + "/suppliers", fmt::format("shares sum to {}, must sum to 1 (within 1e-6)", sum));
    }
  }
}

void check_support(const DistSpec& d, double lo, double hi, std::string_view range, Diagnostics& diags) {
  if (support_within(d.dist, lo, hi)) return;
  if (d.dist.kind == DistKind::fixed) {
    diags.error(d.where, fmt::format("must be in {}, got {}", range, d.dist.a));
  } else {
    diags.error(d.where, fmt::format("this distribution can produce values outside {}; give \"min\" and \"max\" "
                                     "within {} (or choose parameters that stay inside it)",
                                     range, range));
  }
}

void check_events(const Scenario& s, const NodeIds& ids, Diagnostics& diags) {
  for (const Event& e : s.events) {
    if (e.regime_shift && std::find(s.regimes.states.begin(), s.regimes.states.end(), *e.regime_shift) ==
                              s.regimes.states.end()) {
      diags.error(e.where + "/regime_shift",
                  with_suggestion(fmt::format("unknown regime \"{}\"", *e.regime_shift), *e.regime_shift, s.regimes.states));
    }
    check_support(e.duration, 0.0, HUGE_VAL, "[0, inf)", diags);
    for (const Effect& f : e.effects) {
      if (!ids.contains(f.node)) {
        diags.error(f.where + "/node", with_suggestion(fmt::format("unknown node \"{}\"", f.node), f.node, ids.list));
      }
      if (f.kind == EffectKind::capacity_loss) {
        check_support(f.size, 0.0, 1.0, "[0, 1]", diags);
      } else {
        check_support(f.size, -1.0, HUGE_VAL, "[-1, inf)", diags);
      }
    }
  }
}

void check_stress_tests(const Scenario& s, Diagnostics& diags) {
  const std::vector<std::string> ids = s.event_ids();
  for (const StressTest& t : s.stress_tests) {
    std::set<std::string> forced;
    for (const Force& f : t.force) {
      if (s.find_event(f.event) == nullptr) {
        diags.error(f.where + "/event", with_suggestion(fmt::format("unknown event \"{}\"", f.event), f.event, ids));
      }
      if (!forced.insert(f.event).second) {
        diags.error(f.where + "/event", fmt::format("event \"{}\" is forced twice in this stress test", f.event));
      }
      if (f.start_week >= s.horizon_weeks) {
        diags.error(f.where + "/start_week",
                    fmt::format("must be within the horizon (0 to {}), got {}", s.horizon_weeks - 1, f.start_week));
      }
    }
  }
}

void check_graph(const Scenario& s, Diagnostics& diags) {
  const SupplyGraph graph(s);
  if (const auto cycle = graph.find_cycle()) {
    std::string ids;
    for (const std::int32_t i : *cycle) ids += (ids.empty() ? "" : " -> ") + s.nodes[static_cast<std::size_t>(i)].id;
    // Point at the customer's input that closes the cycle.
    const Node& customer = s.nodes[static_cast<std::size_t>(cycle->back())];
    const Node& supplier = s.nodes[static_cast<std::size_t>((*cycle)[cycle->size() - 2])];
    std::string where = customer.where;
    for (const Input& in : customer.inputs) {
      for (const Supplier& sup : in.suppliers) {
        if (sup.node == supplier.id) where = sup.where + "/node";
      }
    }
    diags.error(where, fmt::format("the supplier graph has a cycle: {} (supplier -> customer)", ids));
    return;
  }
  const std::vector<double> ybar = steady_state_output(s, graph.topological_order());
  for (std::size_t i = 0; i < ybar.size(); ++i) {
    if (!(ybar[i] <= kMaxSteadyStateOutput)) {
      diags.error(s.nodes[i].where,
                  fmt::format("steady-state desired output of \"{}\" is {:g} units/week, above the limit {:g}; "
                              "check per_unit along the chains it supplies",
                              s.nodes[i].id, ybar[i], kMaxSteadyStateOutput));
    }
  }
}

}  // namespace

void check_rules(const Scenario& s, Diagnostics& diags) {
  check_regimes(s.regimes, diags);
  check_unique_ids(s.nodes, "node", diags);
  check_unique_ids(s.events, "event", diags);
  check_unique_ids(s.policies, "policy", diags);
  check_unique_ids(s.stress_tests, "stress test", diags);
  const NodeIds ids(s);
  for (const Node& node : s.nodes) check_inputs(ids, node, diags);
  check_events(s, ids, diags);
  check_stress_tests(s, diags);
  // Cycles and flows only make sense once every supplier reference resolves.
  if (diags.empty()) check_graph(s, diags);
}

void normalise_shares(Scenario& s) {
  for (Node& node : s.nodes) {
    for (Input& in : node.inputs) {
      double sum = 0.0;
      for (const Supplier& sup : in.suppliers) sum += sup.share;
      if (sum <= 0.0) continue;
      for (Supplier& sup : in.suppliers) sup.share /= sum;
    }
  }
}

}  // namespace chokepoint
