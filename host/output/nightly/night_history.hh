// What the nightly index keeps of every night, also after its folder has
// been pruned: its status and the headline numbers of each model's baseline,
// in OUT/history.json. The trend charts and `chokepoint nightly history`
// read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "study_results.hh"

namespace chokepoint::nightly {

/// A statistic with its confidence interval (NaN where there is none).
struct Estimate {
  double value = report::kNotANumber;
  double lo = report::kNotANumber;
  double hi = report::kNotANumber;
};

/// One model's baseline on one night: loss_total's headline statistics and
/// the inputs that can move them.
struct ModelHeadline {
  std::string model;  // the model's name
  std::string unit;   // of loss_total
  std::uint64_t scenarios = 0;
  std::uint64_t seed = 0;
  std::string model_sha256;
  std::string code_version;   // "0.1.0 cfc2ef5741e4"
  std::string machine_class;  // "AMD EPYC, cpu": CPU model and backend
  Estimate mean;
  Estimate cvar99;
  Estimate p_positive;
};

/// loss_total of a baseline study: the mean and CVaR 99% with the results'
/// intervals, P(loss > 0) with the exact (Clopper-Pearson) binomial interval
/// at the results' confidence.
ModelHeadline read_headline(const report::StudyResults& baseline);

/// The inputs that differ: "model file", "code version", "sizes", "seed",
/// "machine class" (empty when none does).
std::vector<std::string> changed_inputs(const ModelHeadline& before, const ModelHeadline& now);

struct NightSummary {
  std::string name;  // the night's folder name (its UTC start)
  std::string status;  // "reproducibility failure", "risk increased", "no flagged increase", "first night", "incomplete"
  std::size_t flagged_increases = 0;
  std::size_t studies = 0;       // manifest.json files below results/
  double compute_seconds = 0.0;  // the studies' wall time together
  std::vector<ModelHeadline> models;
  bool kept = false;        // its folder is still there (else only history.json remembers it)
  bool has_report = false;  // report.html is there: the night finished
  bool has_diff = false;    // diff.md is there
};

/// Every night of a nightly output folder, newest first: those in
/// `folder`/history.json, and those whose folders (subfolders holding
/// results/) are there, read afresh.
std::vector<NightSummary> read_history(const std::string& folder);

/// Write `folder`/history.json atomically.
void write_history(const std::string& folder, const std::vector<NightSummary>& nights);

/// Delete the folders of all but the newest `keep` kept nights; they stay in
/// `nights`, no longer kept.
void prune_nights(const std::string& folder, std::vector<NightSummary>& nights, std::size_t keep);

/// One row per night and model, oldest first: the headline numbers with
/// their intervals and the inputs, and which inputs changed since the
/// model's previous night.
std::string history_csv(const std::vector<NightSummary>& nights);

}  // namespace chokepoint::nightly
