// Every output of every scenario of a range, kept rather than accumulated:
// for analyses that need the joint distribution of the outputs (the Python
// module's keep_scenarios). The same model code and addressed draws as a
// study, so row k holds exactly the values scenario first + k adds to it.
#pragma once

#include <cstdint>

#include "compiled_model.hh"

namespace chokepoint {

/// Simulate scenarios [first, first + count) on `threads` CPU threads (0:
/// OpenMP's default) and write their outputs as rows of `values` (count x
/// model.metrics().size(), row-major, in the order of model.metrics()). With
/// `weights`, also each scenario's likelihood-ratio weight (1 without
/// importance sampling).
void scenario_outputs(const CompiledModel& model, std::uint64_t seed, std::uint64_t first, std::uint64_t count,
                      int threads, double* values, double* weights);

}  // namespace chokepoint
