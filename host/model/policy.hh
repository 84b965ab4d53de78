// Applying a policy's changes to a scenario document.
//
// A policy is a list of edits to the JSON document (set, add or scale one
// field of a node, an input, an event or an event's effect). Editing the
// document rather than the loaded model means the edited model goes through
// exactly the same checks as a file: schema, rules, cycles.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hh"

namespace chokepoint {

struct PolicyEdit {
  std::string change;  // pointer of the change in the policy
  std::string target;  // pointer of the field it edits
};

struct PolicyResult {
  boost::json::value doc;
  std::vector<PolicyEdit> edits;
};

/// A change (policy grammar, numeric operand) and the pointer it is reported at.
struct ChangeAt {
  boost::json::object change;
  std::string where;
};

/// The document with `changes` applied in order; changes that cannot be
/// applied are reported in `diags` at their pointer. Policies and uncertain
/// factors at a point (uncertain_factors.hh) both edit a model this way.
PolicyResult apply_changes(const boost::json::value& doc, const std::vector<ChangeAt>& changes, Diagnostics& diags);

/// The document with the changes of the policy at `policy_index` applied.
/// Changes that cannot be applied (unknown target, a field the target does
/// not have, "add" on a supplier list) are reported in `diags` at the
/// change's pointer.
PolicyResult apply_policy(const boost::json::value& doc, std::size_t policy_index, Diagnostics& diags);

}  // namespace chokepoint
