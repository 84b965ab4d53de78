// The worst scenarios of a study re-simulated week by week (host/replay.hh),
// so that a report can tell the story behind its tail.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "study_results.hh"

namespace chokepoint::report {

/// One start of an event: active weeks [start, active_end], then recovery
/// weeks up to recovery_end (== active_end when it recovers at once).
struct EventSpan {
  std::string event;
  std::string label;
  std::int32_t start = 0;
  std::int32_t active_end = 0;
  std::int32_t recovery_end = 0;
};

struct ScenarioTimeline {
  std::uint64_t scenario = 0;
  double loss_total = kNotANumber;           // as the results give it
  double replayed_loss_total = kNotANumber;  // as the replay computed it: equal unless the engine changed
  std::vector<std::string> sectors;
  std::vector<std::vector<double>> weekly_loss;  // [sector][week], value lost that week
  std::vector<std::string> regime;               // per week, after the week's shifts
  std::vector<EventSpan> events;                 // in order of start
};

/// Replay the `count` worst scenarios of `study` with the scenario file
/// `model_path` (already checked against the study's SHA-256).
std::vector<ScenarioTimeline> replay_worst_scenarios(const std::string& model_path, const StudyResults& study,
                                                     std::size_t count);

/// Every start of every event in a replayed trace; exposed for tests.
std::vector<EventSpan> event_spans(const std::vector<std::string>& ids, const std::vector<std::string>& labels,
                                   const std::vector<std::vector<double>>& profile,
                                   const std::vector<std::vector<bool>>& started);

}  // namespace chokepoint::report
