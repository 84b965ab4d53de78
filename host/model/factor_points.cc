#include "factor_points.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <map>
#include <set>

#include "document_check.hh"
#include "policy.hh"
#include "scenario_reader.hh"
#include "scenario_rules.hh"

namespace chokepoint {

namespace {

/// Report the problems of a checked model at the edit that caused each one.
void report(const Diagnostics& inner, const std::vector<PolicyEdit>& edits, const std::string& fallback,
            const std::string& context, Diagnostics& diags) {
  for (const Diagnostic& d : inner.items()) {
    std::string where = fallback;
    for (const PolicyEdit& edit : edits) {
      if (d.pointer.rfind(edit.target, 0) == 0 || edit.target.rfind(d.pointer + "/", 0) == 0) where = edit.change;
    }
    diags.error(where, fmt::format("{}: {}: {}", context, d.pointer.empty() ? "(top level)" : d.pointer, d.message));
  }
}

/// Check the model at one point, alone and with each policy; false if it failed.
bool check_point(const LoadedScenario& loaded, const std::vector<UncertainFactor>& factors, const FactorPoint& point,
                 const std::string& fallback, Diagnostics& diags) {
  const std::size_t before = diags.total();
  PolicyResult at_point = apply_changes(loaded.doc.root, factor_changes(factors, point), diags);
  if (diags.total() != before) return false;  // a change that cannot be applied at all
  const std::string name = describe_point(factors, point);
  Diagnostics inner;
  check_scenario_document(at_point.doc, inner);
  report(inner, at_point.edits, fallback, name, diags);
  for (std::size_t p = 0; p < loaded.scenario.policies.size() && inner.empty(); ++p) {
    Diagnostics with_policy;
    PolicyResult result = apply_policy(at_point.doc, p, with_policy);
    if (with_policy.empty()) check_scenario_document(result.doc, with_policy);
    // The factor's change wins where both edit the offending value: it is what the check is about.
    std::vector<PolicyEdit> edits = result.edits;
    edits.insert(edits.end(), at_point.edits.begin(), at_point.edits.end());
    report(with_policy, edits, fallback,
           fmt::format("{} with policy \"{}\" applied", name, loaded.scenario.policies[p].id), diags);
  }
  return diags.total() == before;
}

void check_corners(const LoadedScenario& loaded, const std::vector<UncertainFactor>& factors, Diagnostics& diags) {
  const std::size_t d = factors.size();
  const FactorPoint base(d);
  // Which factors edit each field (their changes resolved at the median).
  std::map<std::string, std::set<std::size_t>> editors;
  for (std::size_t i = 0; i < d; ++i) {
    FactorPoint point = base;
    point[i] = 0.5;
    const std::size_t before = diags.total();
    const PolicyResult result = apply_changes(loaded.doc.root, factor_changes(factors, point), diags);
    if (diags.total() != before) continue;
    for (const PolicyEdit& edit : result.edits) editors[edit.target].insert(i);
    for (const double end : {0.0, 1.0}) {
      point[i] = end;
      if (!check_point(loaded, factors, point, factors[i].where, diags)) break;
    }
  }
  if (!diags.empty()) return;
  std::set<std::set<std::size_t>> groups;
  for (const auto& [target, editing] : editors) {
    if (editing.size() < 2) continue;
    if (editing.size() > kMaxFactorsPerField) {
      diags.error(factors[*editing.rbegin()].where,
                  fmt::format("{} factors change {}; at most {} may change one field", editing.size(), target,
                              kMaxFactorsPerField));
      return;
    }
    groups.insert(editing);
  }
  for (const std::set<std::size_t>& group : groups) {
    const std::vector<std::size_t> members(group.begin(), group.end());
    for (std::size_t corner = 0; corner < (std::size_t{1} << members.size()); ++corner) {
      FactorPoint point = base;
      for (std::size_t k = 0; k < members.size(); ++k) point[members[k]] = static_cast<double>((corner >> k) & 1U);
      if (!check_point(loaded, factors, point, factors[members.front()].where, diags)) return;
    }
  }
}

}  // namespace

std::vector<UncertainFactor> factors_of(const LoadedScenario& loaded) {
  Diagnostics diags;
  return read_factors(loaded.doc.root, diags);
}

void check_factors(const LoadedScenario& loaded, Diagnostics& diags) {
  const std::vector<UncertainFactor> factors = read_factors(loaded.doc.root, diags);
  if (diags.empty()) check_corners(loaded, factors, diags);
}

Scenario scenario_at_point(const LoadedScenario& loaded, const std::vector<UncertainFactor>& factors,
                           const FactorPoint& point, std::optional<std::size_t> policy) {
  Diagnostics diags;
  PolicyResult result = apply_changes(loaded.doc.root, factor_changes(factors, point), diags);
  if (policy) result = apply_policy(result.doc, *policy, diags);
  // Reading and the rules, without the schema: the factors only change
  // numbers, whose types and ranges passed the schema at the corners (a
  // field is monotone in each factor), so validating the whole document
  // again at every point would only cost time.
  std::optional<Scenario> s;
  if (diags.empty()) s = read_scenario(result.doc, diags);
  if (diags.empty()) check_rules(*s, diags);
  if (!diags.empty()) {
    const Diagnostic& first = diags.items().front();
    throw InputError(fmt::format("{}: at {}{}: {}: {}", loaded.doc.path, describe_point(factors, point),
                                 policy ? fmt::format(" with policy \"{}\"", loaded.scenario.policies[*policy].id) : "",
                                 first.pointer.empty() ? "(top level)" : first.pointer, first.message));
  }
  return std::move(*s);
}

}  // namespace chokepoint
