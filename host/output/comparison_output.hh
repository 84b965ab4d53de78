// comparison.json, comparison.csv and the table `chokepoint compare` prints:
// the paired differences and cost ranking of stats/comparison.hh as files.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "comparison.hh"
#include "study_output.hh"

namespace chokepoint {

inline constexpr const char* kComparisonFormat = "chokepoint-comparison/1";

boost::json::value comparison_json(const StudyIdentity& baseline, const std::vector<VariantComparison>& comparisons);
std::string comparison_csv(const std::vector<VariantComparison>& comparisons);
/// The readable table printed by `chokepoint compare`.
std::string comparison_table(const StudyIdentity& baseline, const std::vector<VariantComparison>& comparisons);

}  // namespace chokepoint
