// A scenario file's model at points of its factor space: the corner checks
// done at load time, and the model at any point (factors first, then a policy).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "diagnostics.hh"
#include "scenario_loader.hh"
#include "uncertain_factors.hh"

namespace chokepoint {

/// The most factors that change one field together: their 2^k corners are
/// all checked at load time.
inline constexpr std::size_t kMaxFactorsPerField = 12;

/// The file's uncertain factors (of a loaded file, so already checked).
std::vector<UncertainFactor> factors_of(const LoadedScenario& loaded);

/// Read the factors and run the contract's load-time check: each factor at quantile 0 and at quantile
/// 1 with the others at base and, for every field that several factors
/// change, every corner of those factors; each point with and without each
/// policy. A violation is reported at the factor's change that edits the
/// offending value, naming the factor(s), the end and the rule.
void check_factors(const LoadedScenario& loaded, Diagnostics& diags);

/// The model at `point` with policy `policy` (an index into the file's
/// policies) applied after the factors. Throws InputError naming the point
/// if it breaks a rule (the corners passed at load time, so only a model
/// whose fields are not monotone in the factors can).
Scenario scenario_at_point(const LoadedScenario& loaded, const std::vector<UncertainFactor>& factors,
                           const FactorPoint& point, std::optional<std::size_t> policy);

}  // namespace chokepoint
