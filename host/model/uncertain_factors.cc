#include "uncertain_factors.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "compiled_model.hh"
#include "scenario_reader.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

/// Whether a distribution's own support is finite (before clamping).
bool bounded_kind(const Distribution& d) {
  return d.kind == DistKind::uniform || d.kind == DistKind::triangular || d.kind == DistKind::loguniform ||
         d.kind == DistKind::discrete;
}

/// Whether a distribution has bounded support (the contract's operands).
bool bounded(const Distribution& d) {
  return bounded_kind(d) || (std::isfinite(d.min) && std::isfinite(d.max));
}

FactorChange read_change(const json::object& o, const std::string& where, Diagnostics& diags) {
  FactorChange c{o, "", {}, where};
  int ops = 0;
  for (const char* op : {"set", "add", "scale"}) {
    if (o.contains(op)) {
      c.op = op;
      ++ops;
    }
  }
  if (ops != 1) {
    diags.error(where, fmt::format("a change needs exactly one of \"set\", \"add\" and \"scale\", got {}", ops));
    return c;
  }
  const std::string operand_where = where + "/" + c.op;
  const json::object& operand = o.at(c.op).as_object();
  c.operand = read_dist(operand, operand_where, diags);
  if (!bounded(c.operand.dist)) {
    diags.error(operand_where, "an uncertain factor's operand must be bounded: uniform, loguniform, triangular, discrete, "
                               "or another distribution with both \"min\" and \"max\"");
    return c;
  }
  if (!diags.empty()) return c;  // no quantiles of a malformed operand
  if (c.op == "scale" && operand_quantile(c.operand, 0.0) < 0.0) {
    diags.error(operand_where, fmt::format("a scale factor must be >= 0, but this operand reaches {}",
                                           operand_quantile(c.operand, 0.0)));
  }
  return c;
}

}  // namespace

std::vector<UncertainFactor> read_factors(const json::value& doc, Diagnostics& diags) {
  std::vector<UncertainFactor> factors;
  const auto* list = doc.as_object().if_contains("uncertain");
  if (list == nullptr) return factors;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const json::object& o = list->as_array()[i].as_object();
    UncertainFactor f;
    f.where = fmt::format("/uncertain/{}", i);
    f.id = std::string(o.at("id").as_string());
    if (const auto* label = o.if_contains("label")) f.label = std::string(label->as_string());
    if (!ids.insert(f.id).second) diags.error(f.where + "/id", fmt::format("duplicate factor id \"{}\"", f.id));
    const json::array& changes = o.at("changes").as_array();
    for (std::size_t k = 0; k < changes.size(); ++k) {
      f.changes.push_back(read_change(changes[k].as_object(), fmt::format("{}/changes/{}", f.where, k), diags));
    }
    factors.push_back(std::move(f));
  }
  return factors;
}

double operand_quantile(const DistSpec& operand, double u) {
  const Distribution& d = operand.dist;
  // The ends of the support exactly (the inverse transforms may not reach them).
  if (d.kind != DistKind::discrete && (u <= 0.0 || u >= 1.0)) {
    const bool low_end = u <= 0.0;
    double end = low_end ? -HUGE_VAL : HUGE_VAL;
    if (bounded_kind(d)) end = low_end ? d.a : (d.kind == DistKind::triangular ? d.c : d.b);
    return clamp_to(end, d.min, d.max);
  }
  return sample(compile_distribution(operand), u);
}

std::vector<ChangeAt> factor_changes(const std::vector<UncertainFactor>& factors, const FactorPoint& point) {
  std::vector<ChangeAt> out;
  for (std::size_t i = 0; i < factors.size(); ++i) {
    if (!point[i]) continue;
    for (const FactorChange& c : factors[i].changes) {
      json::object change = c.change;
      const double x = operand_quantile(c.operand, *point[i]);
      const bool integer = change.at("field").as_string() == "recovery_weeks";
      change[c.op] = integer && c.op == "set" ? json::value(static_cast<std::int64_t>(std::floor(x + 0.5))) : json::value(x);
      out.push_back({std::move(change), c.where});
    }
  }
  return out;
}

std::string describe_point(const std::vector<UncertainFactor>& factors, const FactorPoint& point) {
  std::string out;
  int count = 0;
  for (std::size_t i = 0; i < factors.size(); ++i) {
    if (!point[i]) continue;
    out += fmt::format("{}\"{}\" at quantile {}", out.empty() ? "" : ", ", factors[i].id, *point[i]);
    ++count;
  }
  return (count == 1 ? "factor " : "factors ") + out;
}

}  // namespace chokepoint
