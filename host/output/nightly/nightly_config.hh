// The nightly suite's configuration (scripts/nightly.json): which models run
// with how many scenarios, and when a change between nights is flagged.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chokepoint::nightly {

struct NightlyModel {
  std::string file;
  std::uint64_t scenarios = 0;
};

struct NightlyConfig {
  std::uint64_t seed = 1;
  std::vector<NightlyModel> models;
  /// Metric names; a name ending in '*' matches every metric it prefixes.
  std::vector<std::string> metrics;
  /// mean, p_positive, var95, cvar95, var99, cvar99.
  std::vector<std::string> statistics;
  /// A change must exceed this fraction of the previous value to be flagged.
  double relative_threshold = 0.1;
  /// Confidence, over all comparisons of a night together, that a flagged
  /// change is not Monte Carlo noise.
  double confidence = 0.95;
};

/// The statistics a night-to-night comparison knows.
const std::vector<std::string>& nightly_statistics();

/// Read and check a config file (InputError naming the file and member).
NightlyConfig read_nightly_config(const std::string& path);

/// One `chokepoint compare` of the suite: a model's baseline, stress tests
/// and policies.
struct PlannedModel {
  std::string model_file;
  std::uint64_t scenarios = 0;
  std::uint64_t seed = 0;
  std::string folder;  // the compare folder, named after the file
};

/// Every model of the config. Loads each model file, so that a missing or
/// invalid one fails the night before anything runs (InputError).
std::vector<PlannedModel> plan_nightly_models(const NightlyConfig& config);

/// Does `metric` match `pattern` (exact, or a prefix when it ends in '*')?
bool metric_matches(const std::string& pattern, const std::string& metric);

}  // namespace chokepoint::nightly
