#include "uncertain_factors.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "scenario_reader.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

constexpr double kWeightSumTolerance = 1e-6;

std::vector<double> numbers(const json::value& v) {
  std::vector<double> out;
  for (const auto& x : v.as_array()) out.push_back(x.to_number<double>());
  return out;
}

/// Report keys of `o` other than "dist" and `keys`; false if one is missing.
bool check_keys(const json::object& o, const std::string& where, std::string_view name,
                const std::vector<std::string_view>& keys, Diagnostics& diags) {
  std::string expected;
  for (const std::string_view key : keys) expected += fmt::format("{}\"{}\"", expected.empty() ? "" : " and ", key);
  for (const auto& member : o) {
    const std::string_view key = member.key();
    if (key != "dist" && std::find(keys.begin(), keys.end(), key) == keys.end()) {
      diags.error(where + "/" + std::string(key),
                  fmt::format("\"{}\" does not apply to a {} distribution, which takes {}", key, name, expected), true);
    }
  }
  for (const std::string_view key : keys) {
    if (!o.contains(key)) {
      diags.error(where, fmt::format("a {} distribution needs {}", name, expected));
      return false;
    }
  }
  return true;
}

FactorOperand read_loguniform(const json::object& o, const std::string& where, Diagnostics& diags) {
  FactorOperand operand;
  operand.kind = FactorOperand::Kind::loguniform;
  if (!check_keys(o, where, "loguniform", {"low", "high"}, diags)) return operand;
  operand.low = o.at("low").to_number<double>();
  operand.high = o.at("high").to_number<double>();
  if (!(operand.low > 0.0 && operand.low <= operand.high)) {
    diags.error(where, fmt::format("needs 0 < low <= high, got low {} and high {}", operand.low, operand.high));
  }
  return operand;
}

FactorOperand read_discrete(const json::object& o, const std::string& where, Diagnostics& diags) {
  FactorOperand operand;
  operand.kind = FactorOperand::Kind::discrete;
  if (!check_keys(o, where, "discrete", {"values", "weights"}, diags)) return operand;
  operand.values = numbers(o.at("values"));
  operand.weights = numbers(o.at("weights"));
  if (operand.values.size() != operand.weights.size()) {
    diags.error(where + "/weights", fmt::format("needs one weight per value: {} values, {} weights", operand.values.size(),
                                                operand.weights.size()));
    return operand;
  }
  double sum = 0.0;
  for (double w : operand.weights) sum += w;
  if (std::fabs(sum - 1.0) > kWeightSumTolerance) {
    diags.error(where + "/weights", fmt::format("weights sum to {}, must sum to 1 (within 1e-6)", sum));
  }
  return operand;
}

/// Whether a distribution has bounded support (the contract's operands).
bool bounded(const Distribution& d) {
  const bool bounded_kind = d.kind == DistKind::uniform || d.kind == DistKind::triangular;
  return bounded_kind || (std::isfinite(d.min) && std::isfinite(d.max));
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
  const std::string_view dist = operand.at("dist").as_string();
  if (dist == "discrete") {
    c.operand = read_discrete(operand, operand_where, diags);
  } else if (dist == "loguniform") {
    c.operand = read_loguniform(operand, operand_where, diags);
  } else {
    c.operand.dist = read_dist(operand, operand_where, diags);
    if (!bounded(c.operand.dist.dist)) {
      diags.error(operand_where, "an uncertain factor's operand must be bounded: uniform, loguniform, triangular, discrete, "
                                 "or another distribution with both \"min\" and \"max\"");
      return c;
    }
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

double operand_quantile(const FactorOperand& operand, double u) {
  if (operand.kind == FactorOperand::Kind::loguniform) {
    if (u <= 0.0) return operand.low;
    if (u >= 1.0) return operand.high;
    return std::exp(std::log(operand.low) + (std::log(operand.high) - std::log(operand.low)) * u);
  }
  if (operand.kind == FactorOperand::Kind::discrete) {
    double cumulative = 0.0;
    for (std::size_t k = 0; k < operand.values.size(); ++k) {
      cumulative += operand.weights[k];
      if (cumulative >= u) return operand.values[k];
    }
    return operand.values.back();  // weights summing to just under 1
  }
  Distribution d = operand.dist.dist;
  const bool finite_kind = d.kind == DistKind::uniform || d.kind == DistKind::triangular;
  // The ends of the support exactly (the inverse transforms may not reach them).
  if (u <= 0.0) return clamp_to(finite_kind ? d.a : -HUGE_VAL, d.min, d.max);
  if (u >= 1.0) return clamp_to(finite_kind ? (d.kind == DistKind::triangular ? d.c : d.b) : HUGE_VAL, d.min, d.max);
  if (d.kind == DistKind::lognormal) d.a = std::log(d.a);  // the kernel's form: median -> mu
  return sample(d, u);
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
