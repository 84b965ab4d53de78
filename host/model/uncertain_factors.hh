// Uncertain factors: the optional `uncertain` array of chokepoint/1
// (shared/spec/UNCERTAINTY.md, docs/MODEL.md "Uncertain assumptions").
//
// A factor is one number u in (0, 1). Each of its changes is a policy change
// whose operand is a bounded distribution; at a point the operand is replaced
// by its quantile at u and the change is applied exactly as a policy change
// (policy.hh), so factors reuse the policy grammar, its targets and its checks.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

#include "diagnostics.hh"
#include "policy.hh"
#include "scenario.hh"

namespace chokepoint {

struct FactorChange {
  boost::json::object change;  // as written; at a point its operand becomes a number
  std::string op;              // "set", "add" or "scale"
  DistSpec operand;            // a bounded distribution of the model's grammar, as read
  std::string where;
};

struct UncertainFactor {
  std::string id;
  std::string label;
  std::vector<FactorChange> changes;
  std::string where;
};

/// A quantile per factor; nullopt keeps the file's own value (the base case).
using FactorPoint = std::vector<std::optional<double>>;

/// The factors of a schema-checked document; bad operands, duplicate ids and
/// malformed changes are reported in `diags`.
std::vector<UncertainFactor> read_factors(const boost::json::value& doc, Diagnostics& diags);

/// The operand's quantile at u in [0, 1], the kernels' sample at u (the same
/// inverse transform); u = 0 and u = 1 give the ends of its support.
/// Discrete: the first value whose cumulative weight reaches u.
double operand_quantile(const DistSpec& operand, double u);

/// The changes of every factor set in `point`, with numeric operands, in
/// factor order (each reported at its change's pointer). Integer fields
/// (recovery_weeks) take round(x) = floor(x + 0.5).
std::vector<ChangeAt> factor_changes(const std::vector<UncertainFactor>& factors, const FactorPoint& point);

/// "factor "a" at quantile 0" or "factors "a" at quantile 0, "b" at quantile 1".
std::string describe_point(const std::vector<UncertainFactor>& factors, const FactorPoint& point);

}  // namespace chokepoint
