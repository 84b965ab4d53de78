// What `chokepoint uncertainty` writes and prints: uncertainty.json (format
// chokepoint-uncertainty/1, shared/spec/UNCERTAINTY.md section 3), the CSV
// tables and the summary.
//
// uncertainty.json depends only on (model, seed, options): it holds no
// backend, thread count or time, so it is byte-identical on every backend
// and thread count; those go to the summary only.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "uncertainty_analysis.hh"

namespace chokepoint {

inline constexpr const char* kUncertaintyFormat = "chokepoint-uncertainty/1";

/// noise_to_signal above this earns a warning: the indices are mostly
/// corrected noise (docs/UNCERTAINTY.md).
inline constexpr double kNoiseToSignalWarning = 0.2;

boost::json::value uncertainty_json(const UncertaintyResults& r);
/// tornado.csv, sobol.csv or robustness.csv, by the method of `r`.
std::string uncertainty_csv_name(const UncertaintyResults& r);
std::string uncertainty_csv(const UncertaintyResults& r);
/// The readable summary printed after the run; it names the files in
/// `out_dir` unless that is empty (nothing was written).
std::string uncertainty_summary(const UncertaintyResults& r, const std::string& out_dir);

/// Write uncertainty.json and the method's CSV table into `dir`.
void write_uncertainty_outputs(const std::string& dir, const UncertaintyResults& r);

}  // namespace chokepoint
