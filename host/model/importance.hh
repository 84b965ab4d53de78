// Importance factors of a study (run --importance): which events have their
// start rates raised in sampling, and by how much. docs/RESULTS.md
// ("Rare-event sampling") explains the estimator; kernels/importance_weight.hh the
// weights.
#pragma once

#include <string>
#include <vector>

#include "compiled_model.hh"
#include "scenario.hh"

namespace chokepoint {

/// `auto` raises every event expected to start fewer than this many times
/// over the horizon (with the regime probabilities of each week, as if it
/// were always idle) to this many...
inline constexpr double kAutoTargetStarts = 0.2;
/// ...by at most this factor...
inline constexpr double kAutoMaxFactor = 100.0;
/// ...and scales all raises down so that no path's log likelihood ratio can
/// exceed this (a weight of about 3000).
inline constexpr double kAutoMaxLogWeight = 8.0;

/// One factor per event of `s` (compiled as `model`) for `spec`: "" (none:
/// an empty vector), "auto", or "EVENT=FACTOR,..." with factors >= 1.
/// Throws InputError for unknown events, bad numbers, or factors whose
/// largest possible weight exceeds kMaxWeight.
std::vector<double> importance_factors(const std::string& spec, const Scenario& s, const CompiledModel& model);

/// The largest log likelihood ratio a path can reach with these factors:
/// every raised event idle through the whole horizon at its highest rate.
double largest_log_weight(const std::vector<double>& factors, const CompiledModel& model);

}  // namespace chokepoint
