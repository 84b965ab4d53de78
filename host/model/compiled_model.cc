#include "compiled_model.hh"

#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "det_math.hh"
#include "diagnostics.hh"
#include "rng.hh"
#include "steady_state.hh"
#include "supply_graph.hh"

namespace chokepoint {

namespace {

std::int32_t index_of(const std::vector<std::string>& names, std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<std::int32_t>(i);
  }
  return -1;
}

template <class T>
std::int32_t count_of(const std::vector<T>& v) {
  return static_cast<std::int32_t>(v.size());
}

}  // namespace

Distribution compile_distribution(const DistSpec& spec) {
  Distribution d = spec.dist;
  // median -> mu and low, high -> their logs, with the project's log: every
  // rank of an MPI study, on whatever libm, draws the same durations and sizes.
  if (d.kind == DistKind::lognormal) d.a = det_log(d.a);
  if (d.kind == DistKind::loguniform) {
    d.a = det_log(d.a);
    d.b = det_log(d.b);
  }
  return d;
}

CompiledModel CompiledModel::compile(const Scenario& s, const StressTest* stress) {
  CompiledModel c;
  ModelView& z = c.sizes_;
  const std::int32_t weeks = s.horizon_weeks;
  const std::int32_t regimes = count_of(s.regimes.states);
  z.n_weeks = weeks;
  z.n_regimes = regimes;
  z.n_nodes = count_of(s.nodes);
  z.n_events = count_of(s.events);
  z.refill_rate = s.inventory_refill_rate;
  z.initial_regime = index_of(s.regimes.states, s.regimes.initial);

  // Nodes in topological order.
  const SupplyGraph graph(s);
  const std::vector<std::int32_t> order = graph.topological_order();
  std::vector<std::int32_t> position(s.nodes.size());
  for (std::size_t k = 0; k < order.size(); ++k) position[static_cast<std::size_t>(order[k])] = static_cast<std::int32_t>(k);
  std::unordered_map<std::string_view, std::int32_t> node_index;
  for (std::size_t i = 0; i < s.nodes.size(); ++i) node_index.emplace(s.nodes[i].id, static_cast<std::int32_t>(i));
  const std::vector<double> ybar = steady_state_output(s, order);

  for (const Node& n : s.nodes) {
    if (index_of(c.sectors_, n.sector) < 0) c.sectors_.push_back(n.sector);
  }
  z.n_sectors = count_of(c.sectors_);

  // Final-demand rows in file order, so that output names do not depend on the graph.
  std::vector<std::int32_t> demand_row(s.nodes.size(), -1);
  std::vector<std::int32_t> demand_nodes;
  for (std::size_t i = 0; i < s.nodes.size(); ++i) {
    if (s.nodes[i].final_demand) {
      demand_row[i] = count_of(demand_nodes);
      demand_nodes.push_back(static_cast<std::int32_t>(i));
    }
  }
  c.growth_.resize(demand_nodes.size() * static_cast<std::size_t>(weeks));
  for (std::size_t r = 0; r < demand_nodes.size(); ++r) {
    const double g = s.nodes[static_cast<std::size_t>(demand_nodes[r])].final_demand->growth_per_year;
    for (std::int32_t t = 0; t < weeks; ++t) {
      // (1 + g)^(t / 52) with det_exp and det_log, so that every machine computes the same demand.
      c.growth_[r * static_cast<std::size_t>(weeks) + static_cast<std::size_t>(t)] = det_exp(t / 52.0 * det_log(1.0 + g));
    }
  }

  c.group_begin_.push_back(0);
  c.link_begin_.push_back(0);
  for (const std::int32_t file_index : order) {
    const Node& n = s.nodes[static_cast<std::size_t>(file_index)];
    c.node_file_index_.push_back(file_index);
    c.steady_state_.push_back(ybar[static_cast<std::size_t>(file_index)]);
    c.capacity_.push_back(n.capacity);
    c.unit_value_.push_back(n.unit_value);
    c.demand_base_.push_back(n.final_demand ? n.final_demand->base : 0.0);
    c.demand_sigma_.push_back(n.final_demand ? n.final_demand->volatility : 0.0);
    c.demand_row_.push_back(demand_row[static_cast<std::size_t>(file_index)]);
    c.sector_.push_back(index_of(c.sectors_, n.sector));
    c.node_stream_.push_back(stream_id(n.id));
    for (const Input& in : n.inputs) {
      c.per_unit_.push_back(in.per_unit);
      c.target_inventory_.push_back(in.inventory_weeks * in.per_unit * ybar[static_cast<std::size_t>(file_index)]);
      for (const Supplier& sup : in.suppliers) {
        c.link_supplier_.push_back(position[static_cast<std::size_t>(node_index.at(sup.node))]);
        c.link_share_.push_back(sup.share);
      }
      c.link_begin_.push_back(count_of(c.link_supplier_));
    }
    c.group_begin_.push_back(count_of(c.per_unit_));
  }
  z.n_groups = count_of(c.per_unit_);
  z.n_links = count_of(c.link_supplier_);

  for (const auto& row : s.regimes.weekly_transition) {
    double cumulative = 0.0;
    for (std::size_t k = 0; k < row.size(); ++k) {
      cumulative += row[k];
      c.transition_cdf_.push_back(k + 1 == row.size() ? 1.0 : cumulative);
    }
  }

  std::unordered_map<std::uint32_t, std::string_view> streams;
  c.effect_begin_.push_back(0);
  for (const Event& e : s.events) {
    for (const double rate : e.annual_rate) c.hazard_.push_back(rate / 52.0);
    c.duration_.push_back(compile_distribution(e.duration));
    c.recovery_.push_back(e.recovery_weeks);
    c.regime_shift_.push_back(e.regime_shift ? index_of(s.regimes.states, *e.regime_shift) : -1);
    const std::uint32_t stream = stream_id(e.id);
    if (const auto [it, fresh] = streams.emplace(stream, e.id); !fresh) {
      throw InputError(fmt::format("events \"{}\" and \"{}\" hash to the same random stream; rename one of them",
                                   it->second, e.id));
    }
    c.event_stream_.push_back(stream);
    for (const Effect& f : e.effects) {
      c.effect_node_.push_back(position[static_cast<std::size_t>(node_index.at(f.node))]);
      c.effect_kind_.push_back(f.kind);
      c.effect_size_.push_back(compile_distribution(f.size));
    }
    c.effect_begin_.push_back(count_of(c.effect_node_));
  }
  z.n_effects = count_of(c.effect_node_);
  c.model_hazard_ = c.hazard_;
  c.log_ratio_idle_.assign(c.hazard_.size(), 0.0);
  c.log_ratio_start_.assign(c.hazard_.size(), 0.0);

  c.forced_week_.assign(s.events.size(), -1);
  c.forced_duration_.assign(s.events.size(), 0);
  c.forced_capacity_loss_.assign(s.events.size(), -1.0);
  if (stress != nullptr) {
    for (const Force& f : stress->force) {
      const auto e = static_cast<std::size_t>(index_of(s.event_ids(), f.event));
      c.forced_week_[e] = f.start_week;
      c.forced_duration_[e] = f.duration_weeks.value_or(0);
      c.forced_capacity_loss_[e] = f.capacity_loss.value_or(-1.0);
    }
  }

  z.layout = MetricLayout{z.n_sectors, count_of(demand_nodes), z.n_events};
  c.metrics_.push_back({"loss_total", MetricKind::value});
  for (const auto& sector : c.sectors_) c.metrics_.push_back({"loss." + sector, MetricKind::value});
  for (const auto& sector : c.sectors_) c.metrics_.push_back({"peak_shortfall." + sector, MetricKind::ratio});
  for (const auto& sector : c.sectors_) c.metrics_.push_back({"weeks_short." + sector, MetricKind::weeks});
  for (const std::int32_t i : demand_nodes) {
    c.metrics_.push_back({"lost_value." + s.nodes[static_cast<std::size_t>(i)].id, MetricKind::value});
  }
  for (const Event& e : s.events) c.metrics_.push_back({"starts." + e.id, MetricKind::count});
  return c;
}

void CompiledModel::set_importance(const std::vector<double>& factors) {
  const std::int32_t regimes = sizes_.n_regimes;
  importance_factors_ = factors;
  sizes_.importance = factors.empty() ? 0 : 1;
  for (std::size_t at = 0; at < model_hazard_.size(); ++at) {
    const double h = model_hazard_[at];
    const double raised = factors.empty() ? h : factors[at / static_cast<std::size_t>(regimes)] * h;
    hazard_[at] = raised;
    // det_exp and det_log, so that every machine of an MPI study computes
    // the same ratios bit for bit.
    log_ratio_idle_[at] = raised - h;
    log_ratio_start_[at] = h > 0.0 ? det_log((1.0 - det_exp(-h)) / (1.0 - det_exp(-raised))) : 0.0;
  }
}

ModelView CompiledModel::view() const {
  ModelView v = sizes_;
  v.capacity = capacity_.data();
  v.unit_value = unit_value_.data();
  v.demand_base = demand_base_.data();
  v.demand_sigma = demand_sigma_.data();
  v.demand_row = demand_row_.data();
  v.sector = sector_.data();
  v.node_stream = node_stream_.data();
  v.growth = growth_.data();
  v.group_begin = group_begin_.data();
  v.per_unit = per_unit_.data();
  v.target_inventory = target_inventory_.data();
  v.link_begin = link_begin_.data();
  v.link_supplier = link_supplier_.data();
  v.link_share = link_share_.data();
  v.transition_cdf = transition_cdf_.data();
  v.hazard = hazard_.data();
  v.log_ratio_idle = log_ratio_idle_.data();
  v.log_ratio_start = log_ratio_start_.data();
  v.duration = duration_.data();
  v.recovery = recovery_.data();
  v.regime_shift = regime_shift_.data();
  v.event_stream = event_stream_.data();
  v.effect_begin = effect_begin_.data();
  v.effect_node = effect_node_.data();
  v.effect_kind = effect_kind_.data();
  v.effect_size = effect_size_.data();
  v.forced_week = forced_week_.data();
  v.forced_duration = forced_duration_.data();
  v.forced_capacity_loss = forced_capacity_loss_.data();
  return v;
}

}  // namespace chokepoint
