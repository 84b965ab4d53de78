// Importance sampling weights as integer units of probability mass.
//
// With importance sampling a scenario is drawn with raised event rates and
// carries the likelihood ratio w of its path (docs/RESULTS.md, "Rare-event
// sampling"). Statistics count mass instead of scenarios: every histogram
// bin, positive count, top-K entry and fan-chart cell adds the scenario's
// units, round(w * kUnitsPerWeight), so they stay integers that merge
// exactly in any order. A plain study gives every scenario one unit, which
// makes its results those of unweighted counting, bit for bit.
#pragma once

#include <cstdint>

#include "det_math.hh"
#include "macros.hh"

namespace chokepoint {

/// Units of one unit of likelihood ratio (2^24): a weight of 10^-4 is still
/// held to 0.03%.
inline constexpr double kUnitsPerWeight = 16777216.0;
/// The largest weight a study may produce (checked from the model before a
/// run), so that one scenario adds at most 2^40 units.
inline constexpr double kMaxWeight = 65536.0;

/// Units of the weight exp(log_weight).
CP_FUNCTION inline std::uint64_t weight_units(double log_weight) {
  return static_cast<std::uint64_t>(floor(det_exp(log_weight) * kUnitsPerWeight + 0.5));
}

}  // namespace chokepoint
