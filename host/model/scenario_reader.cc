#include "scenario_reader.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cmath>

#include "json_locator.hh"
#include "suggest.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr ? std::string(v->as_string()) : std::string();
}

double num(const json::object& o, std::string_view key, double fallback) {
  const auto* v = o.if_contains(key);
  return v != nullptr ? v->to_number<double>() : fallback;
}

std::string at(const std::string& pointer, std::string_view key) { return pointer + "/" + pointer_token(key); }
std::string at(const std::string& pointer, std::size_t index) { return pointer + "/" + std::to_string(index); }

struct DistParams {
  DistKind kind;
  const char* name;
  std::vector<const char*> params;
};

const std::vector<DistParams>& dist_table() {
  static const std::vector<DistParams> table = {
      {DistKind::uniform, "uniform", {"low", "high"}},
      {DistKind::triangular, "triangular", {"low", "mode", "high"}},
      {DistKind::normal, "normal", {"mean", "sd"}},
      {DistKind::lognormal, "lognormal", {"median", "sigma"}},
      {DistKind::exponential, "exponential", {"mean"}},
      {DistKind::loguniform, "loguniform", {"low", "high"}},
      {DistKind::discrete, "discrete", {"values", "weights"}},
  };
  return table;
}

constexpr double kWeightSumTolerance = 1e-6;

/// A discrete distribution's branches: values in file order and the
/// running sums of their weights (the sample rule of kernels/distribution.hh).
void read_branches(const json::object& o, const std::string& pointer, Distribution& d, Diagnostics& diags) {
  const json::array& values = o.at("values").as_array();
  const json::array& weights = o.at("weights").as_array();
  if (values.size() != weights.size()) {
    diags.error(at(pointer, "weights"),
                fmt::format("needs one weight per value: {} values, {} weights", values.size(), weights.size()));
    return;
  }
  if (values.size() > static_cast<std::size_t>(kMaxDiscreteValues)) {
    diags.error(at(pointer, "values"),
                fmt::format("a discrete distribution takes at most {} values, got {}", kMaxDiscreteValues, values.size()));
    return;
  }
  double sum = 0.0;
  for (std::size_t k = 0; k < values.size(); ++k) {
    sum += weights[k].to_number<double>();
    d.values[k] = values[k].to_number<double>();
    d.cumulative[k] = sum;
  }
  d.n_values = static_cast<std::int32_t>(values.size());
  if (std::fabs(sum - 1.0) > kWeightSumTolerance) {
    diags.error(at(pointer, "weights"), fmt::format("weights sum to {}, must sum to 1 (within 1e-6)", sum));
  }
}

}  // namespace

DistSpec read_dist(const json::value& v, const std::string& pointer, Diagnostics& diags) {
  DistSpec spec;
  spec.where = pointer;
  if (v.is_number()) {
    spec.dist.kind = DistKind::fixed;
    spec.dist.a = v.to_number<double>();
    spec.dist.min = spec.dist.max = spec.dist.a;
    return spec;
  }
  const json::object& o = v.as_object();
  const std::string name = str(o, "dist");
  const DistParams* entry = nullptr;
  for (const auto& e : dist_table()) {
    if (name == e.name) entry = &e;
  }
  if (entry == nullptr) return spec;  // the schema's enum already reported it
  spec.dist.kind = entry->kind;
  double p[3] = {0.0, 0.0, 0.0};
  for (std::size_t i = 0; i < entry->params.size(); ++i) {
    const auto* value = o.if_contains(entry->params[i]);
    if (value == nullptr) {
      diags.error(pointer, fmt::format("a {} distribution needs \"{}\"", name, entry->params[i]));
    } else if (entry->kind != DistKind::discrete) {
      p[i] = value->to_number<double>();
    }
  }
  for (const auto& member : o) {
    const std::string_view key = member.key();
    if (key == "dist" || key == "min" || key == "max") continue;
    bool used = false;
    for (const char* param : entry->params) used = used || key == param;
    if (!used) {
      std::string expected;
      for (const char* param : entry->params) expected += (expected.empty() ? "\"" : ", \"") + std::string(param) + "\"";
      diags.error(at(pointer, key),
                  fmt::format("\"{}\" does not apply to a {} distribution, which takes {} (and optional \"min\", \"max\")",
                              key, name, expected),
                  true);
    }
  }
  spec.dist.a = p[0];
  spec.dist.b = p[1];
  spec.dist.c = p[2];
  spec.dist.min = num(o, "min", -HUGE_VAL);
  spec.dist.max = num(o, "max", HUGE_VAL);
  switch (entry->kind) {
    case DistKind::uniform:
      if (p[0] > p[1]) diags.error(pointer, fmt::format("\"low\" ({}) must not exceed \"high\" ({})", p[0], p[1]));
      break;
    case DistKind::triangular:
      if (!(p[0] <= p[1] && p[1] <= p[2])) {
        diags.error(pointer, fmt::format("needs low <= mode <= high, got {}, {}, {}", p[0], p[1], p[2]));
      }
      break;
    case DistKind::exponential:
      if (o.contains("mean") && !(p[0] > 0.0)) diags.error(at(pointer, "mean"), fmt::format("must be > 0, got {}", p[0]));
      break;
    case DistKind::loguniform:
      if (!(p[0] > 0.0 && p[0] <= p[1])) {
        diags.error(pointer, fmt::format("needs 0 < low <= high, got low {} and high {}", p[0], p[1]));
      }
      break;
    case DistKind::discrete:
      if (o.contains("values") && o.contains("weights")) read_branches(o, pointer, spec.dist, diags);
      break;
    default:
      break;
  }
  if (spec.dist.min > spec.dist.max) {
    diags.error(pointer, fmt::format("\"min\" ({}) must not exceed \"max\" ({})", spec.dist.min, spec.dist.max));
  }
  return spec;
}

namespace {

Regimes read_regimes(const json::object& root) {
  Regimes r;
  r.where = "/regimes";
  const auto* v = root.if_contains("regimes");
  if (v == nullptr) {
    r.states = {"base"};
    r.initial = "base";
    r.weekly_transition = {{1.0}};
    return r;
  }
  const json::object& o = v->as_object();
  for (const auto& s : o.at("states").as_array()) r.states.emplace_back(s.as_string());
  r.initial = str(o, "initial");
  for (const auto& row : o.at("weekly_transition").as_array()) {
    std::vector<double> values;
    for (const auto& x : row.as_array()) values.push_back(x.to_number<double>());
    r.weekly_transition.push_back(std::move(values));
  }
  return r;
}

std::vector<double> read_rate(const json::value& v, const std::string& pointer, const Regimes& regimes,
                              Diagnostics& diags) {
  std::vector<double> rates(regimes.states.size(), 0.0);
  if (v.is_number()) {
    std::fill(rates.begin(), rates.end(), v.to_number<double>());
    return rates;
  }
  const json::object& o = v.as_object();
  for (std::size_t k = 0; k < regimes.states.size(); ++k) {
    const auto* rate = o.if_contains(regimes.states[k]);
    if (rate == nullptr) {
      diags.error(pointer, fmt::format("missing the rate for regime \"{}\" (a rate map must name every regime)",
                                       regimes.states[k]));
    } else {
      rates[k] = rate->to_number<double>();
    }
  }
  for (const auto& member : o) {
    const std::string key(member.key());
    if (std::find(regimes.states.begin(), regimes.states.end(), key) == regimes.states.end()) {
      diags.error(at(pointer, key), with_suggestion(fmt::format("unknown regime \"{}\"", key), key, regimes.states), true);
    }
  }
  return rates;
}

Node read_node(const json::object& o, const std::string& pointer) {
  Node n;
  n.where = pointer;
  n.id = str(o, "id");
  n.sector = str(o, "sector");
  n.region = str(o, "region");
  n.label = str(o, "label");
  n.capacity = num(o, "capacity", 0.0);
  n.unit_value = num(o, "unit_value", 0.0);
  if (const auto* fd = o.if_contains("final_demand")) {
    const json::object& d = fd->as_object();
    n.final_demand = FinalDemand{num(d, "base", 0.0), num(d, "growth_per_year", 0.0), num(d, "volatility", 0.0)};
  }
  if (const auto* inputs = o.if_contains("inputs")) {
    std::size_t k = 0;
    for (const auto& iv : inputs->as_array()) {
      const json::object& io = iv.as_object();
      Input in;
      in.where = at(at(pointer, "inputs"), k++);
      in.name = str(io, "name");
      in.per_unit = num(io, "per_unit", 0.0);
      in.inventory_weeks = num(io, "inventory_weeks", 0.0);
      std::size_t l = 0;
      for (const auto& sv : io.at("suppliers").as_array()) {
        const json::object& so = sv.as_object();
        in.suppliers.push_back({str(so, "node"), num(so, "share", 0.0), at(at(in.where, "suppliers"), l++)});
      }
      n.inputs.push_back(std::move(in));
    }
  }
  return n;
}

Event read_event(const json::object& o, const std::string& pointer, const Regimes& regimes, Diagnostics& diags) {
  Event e;
  e.where = pointer;
  e.id = str(o, "id");
  e.label = str(o, "label");
  e.annual_rate = read_rate(o.at("annual_rate"), at(pointer, "annual_rate"), regimes, diags);
  e.duration = read_dist(o.at("duration_weeks"), at(pointer, "duration_weeks"), diags);
  e.recovery_weeks = static_cast<std::int32_t>(num(o, "recovery_weeks", 0.0));
  if (const auto* shift = o.if_contains("regime_shift")) e.regime_shift = std::string(shift->as_string());
  std::size_t k = 0;
  for (const auto& ev : o.at("effects").as_array()) {
    const json::object& eo = ev.as_object();
    Effect effect;
    effect.where = at(at(pointer, "effects"), k++);
    effect.node = str(eo, "node");
    const auto* loss = eo.if_contains("capacity_loss");
    const auto* change = eo.if_contains("demand_change");
    if ((loss == nullptr) == (change == nullptr)) {
      diags.error(effect.where, "an effect needs exactly one of \"capacity_loss\" and \"demand_change\"");
      continue;
    }
    effect.kind = loss != nullptr ? EffectKind::capacity_loss : EffectKind::demand_change;
    effect.size = read_dist(loss != nullptr ? *loss : *change,
                            at(effect.where, loss != nullptr ? "capacity_loss" : "demand_change"), diags);
    e.effects.push_back(std::move(effect));
  }
  return e;
}

StressTest read_stress_test(const json::object& o, const std::string& pointer) {
  StressTest s;
  s.where = pointer;
  s.id = str(o, "id");
  s.label = str(o, "label");
  std::size_t k = 0;
  for (const auto& fv : o.at("force").as_array()) {
    const json::object& fo = fv.as_object();
    Force f;
    f.where = at(at(pointer, "force"), k++);
    f.event = str(fo, "event");
    f.start_week = static_cast<std::int32_t>(num(fo, "start_week", 0.0));
    if (const auto* d = fo.if_contains("duration_weeks")) f.duration_weeks = static_cast<std::int32_t>(d->to_number<double>());
    if (const auto* l = fo.if_contains("capacity_loss")) f.capacity_loss = l->to_number<double>();
    s.force.push_back(std::move(f));
  }
  return s;
}

}  // namespace

Scenario read_scenario(const json::value& doc, Diagnostics& diags) {
  const json::object& root = doc.as_object();
  Scenario s;
  s.name = str(root, "name");
  s.description = str(root, "description");
  s.horizon_weeks = static_cast<std::int32_t>(num(root, "horizon_weeks", 0.0));
  s.value_unit = str(root, "value_unit");
  s.inventory_refill_rate = num(root, "inventory_refill_rate", 0.25);
  s.regimes = read_regimes(root);
  if (const auto* nodes = root.if_contains("nodes")) {
    std::size_t k = 0;
    for (const auto& n : nodes->as_array()) s.nodes.push_back(read_node(n.as_object(), at("/nodes", k++)));
  }
  if (const auto* events = root.if_contains("events")) {
    std::size_t k = 0;
    for (const auto& e : events->as_array()) {
      s.events.push_back(read_event(e.as_object(), at("/events", k++), s.regimes, diags));
    }
  }
  if (const auto* policies = root.if_contains("policies")) {
    std::size_t k = 0;
    for (const auto& p : policies->as_array()) {
      const json::object& po = p.as_object();
      Policy policy{str(po, "id"), str(po, "label"), std::nullopt, at("/policies", k++)};
      if (const auto* cost = po.if_contains("annual_cost")) policy.annual_cost = cost->to_number<double>();
      s.policies.push_back(std::move(policy));
    }
  }
  if (const auto* tests = root.if_contains("stress_tests")) {
    std::size_t k = 0;
    for (const auto& t : tests->as_array()) s.stress_tests.push_back(read_stress_test(t.as_object(), at("/stress_tests", k++)));
  }
  if (const auto* sources = root.if_contains("sources")) {
    for (const auto& src : sources->as_array()) {
      const json::object& so = src.as_object();
      s.sources.push_back({str(so, "id"), str(so, "citation"), str(so, "used_for"), str(so, "url")});
    }
  }
  return s;
}

}  // namespace chokepoint
