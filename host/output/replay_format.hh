// Text and CSV views of a replayed scenario.
#pragma once

#include <string>

#include "model_selection.hh"
#include "replay.hh"

namespace chokepoint {

/// A readable week-by-week timeline with a header of the scenario's outputs.
std::string format_trace_table(const SelectedModel& m, const Trace& trace, std::uint64_t seed);
/// One row per week: week, regime, loss, per-sector ratio and loss, per-event
/// profile, per-node capacity factor and shortfall.
std::string format_trace_csv(const SelectedModel& m, const Trace& trace);

}  // namespace chokepoint
