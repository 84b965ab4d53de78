// What moved between two nights and why: a compared statistic, each study's
// differing run-manifest members sorted into causes (its model file, the
// code version, the sizes or seed), and the moved statistics grouped by
// cause. A statistic that moved beyond the noise while no input of its study
// changed is a reproducibility failure, not a change in risk: with the same
// seed the engine gives the same numbers on every backend and machine.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "study_results.hh"

namespace chokepoint::nightly {

struct StatisticChange {
  std::string study;  // "MODEL: baseline", "MODEL: policy ID", ...
  std::string metric;
  std::string statistic;
  double previous = report::kNotANumber;
  double current = report::kNotANumber;
  double noise = report::kNotANumber;  // a change within +-noise can be Monte Carlo noise
  /// Why the study's numbers may have moved (change_cause); "" when none of
  /// its inputs changed.
  std::string cause;
  [[nodiscard]] double change() const { return current - previous; }
  /// change / |previous|; infinite when previous is 0 and current is not.
  [[nodiscard]] double relative() const;
  bool moved = false;    // beyond the noise
  bool flagged = false;  // beyond both the noise and the threshold
};

/// A run-manifest member that differs between two runs of a study.
struct MemberChange {
  std::string key;  // flattened: "hardware.cpu"
  std::string previous;
  std::string current;
};

/// What a manifest member is to the study's numbers.
enum class InputKind {
  model,    // model_sha256: the model file's content
  code,     // tool, version, git_commit
  sizes,    // scenarios, seed
  neutral,  // backend, hardware, the model file's path: the numbers are identical across them by design
  other,    // a member this version does not know: taken as a cause rather than raise a false alarm
};
InputKind input_kind(const std::string& key);

/// "semiconductors.json changed", "code version changed (git_commit a → b)",
/// "sizes or seed changed (seed 1 → 2)", ... joined with " and "; "" when no
/// member that can move the numbers differs. `model_file` names the model.
std::string change_cause(const std::vector<MemberChange>& members, const std::string& model_file);

/// The moved statistics that share a cause: flagged ones (beyond the noise
/// and the threshold) where an input changed, every one beyond the noise
/// where none did.
struct CauseGroup {
  std::string cause;                 // "" when no input changed
  std::vector<std::string> studies;  // in the order first met
  std::vector<std::size_t> changes;  // indices into the night's changes, the headline first
  [[nodiscard]] bool reproducibility_failure() const { return cause.empty(); }
};

/// Groups by cause, the reproducibility failure first, then in the order
/// causes are first met. Within a group the headline comes first: loss_total
/// mean if it moved, else the largest relative change.
std::vector<CauseGroup> group_by_cause(const std::vector<StatisticChange>& changes);

/// One line for a group: "semiconductors.json changed: 9 studies, 23
/// flagged (23 up); loss_total mean +248% (interval +240% to +256%) in
/// semiconductors: baseline".
std::string cause_summary(const CauseGroup& group, const std::vector<StatisticChange>& changes);

}  // namespace chokepoint::nightly
