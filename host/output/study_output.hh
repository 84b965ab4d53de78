// A study's output folder: results.json, manifest.json and CSV tables.
//
// results.json depends only on (model, seed, scenarios, policy, stress test,
// top-K): it is byte-identical across backends, thread counts, chunk sizes
// and processes. Everything that varies between runs of the same study
// (backend, threads, time, host) lives in manifest.json.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "compiled_model.hh"
#include "scenario.hh"
#include "study_runner.hh"
#include "study_statistics.hh"

namespace chokepoint {

inline constexpr const char* kResultsFormat = "chokepoint-results/1";

/// What identifies a study (all of it goes into results.json).
struct StudyIdentity {
  std::string model_name;
  std::string model_sha256;
  std::string value_unit;
  std::int32_t horizon_weeks = 0;
  std::uint64_t seed = 0;
  std::uint64_t scenarios = 0;
  std::string policy;       // empty: none
  std::string stress_test;  // empty: none
  std::string importance;   // --importance as given; empty: plain Monte Carlo
  std::vector<std::string> sectors;
  std::vector<std::string> events;
  std::optional<TargetOutcome> target;  // when the study ran to a precision target
};

/// How the study ran (manifest.json).
struct RunRecord {
  std::string model_file;
  std::string backend;
  std::string backend_description;
  double wall_seconds = 0.0;
  std::string started_utc;
  std::vector<std::string> command_line;
};

StudyIdentity identify_study(const Scenario& s, const std::string& sha256, std::uint64_t seed, std::uint64_t scenarios,
                             const std::string& policy, const std::string& stress_test);

/// A CSV field, quoted when it holds a comma, quote or newline.
std::string csv_field(const std::string& s);
/// A number in CSV: shortest form that reads back exactly, "" when not finite.
std::string csv_number(double x);
/// A 95% interval in JSON: [low, high]; null when there is none, and an
/// unknown (infinite) bound null too, as json_number writes it.
boost::json::value interval_json(const std::optional<Interval>& ci);
/// The same for people: "[low, high]", or "n/a".
std::string interval_text(const std::optional<Interval>& ci);

boost::json::value results_json(const StudyIdentity& id, const StudyStatistics& stats);
boost::json::value manifest_json(const StudyIdentity& id, const RunRecord& run);

/// Write results.json, manifest.json and the CSV tables into `dir`.
void write_study_outputs(const std::string& dir, const StudyIdentity& id, const StudyStatistics& stats,
                         const RunRecord& run);

}  // namespace chokepoint
