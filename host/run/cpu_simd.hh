// The CPU's SIMD path: the model in the lanes of the best vector instruction
// set of this CPU, chosen at run time by Google Highway (or forced with
// CHOKEPOINT_SIMD_TARGET), byte-identical to the scalar model on every one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "accumulating_sink.hh"
#include "model_view.hh"

namespace chokepoint {

/// The environment variable that forces a target, for tests and bug reports.
inline constexpr const char* kSimdTargetVariable = "CHOKEPOINT_SIMD_TARGET";

/// Chooses the target once per process: the best one of this build that the
/// CPU supports, or the one CHOKEPOINT_SIMD_TARGET names ("off" for the
/// scalar model without Highway). Throws InputError for a name this build
/// does not have or this CPU cannot run.
void choose_simd_target();

/// Forces a target by name, as CHOKEPOINT_SIMD_TARGET does; "" returns to the
/// best one. Throws InputError like choose_simd_target.
void force_simd_target(const std::string& name);

/// The targets of this build that this CPU runs, lower-case, best first.
std::vector<std::string> available_simd_targets();

/// "avx3: 8 double lanes", "off: scalar model", ...: what the CPU backend uses now.
std::string describe_simd_target();

/// Runs scenarios [first, first + count) on the chosen target.
void run_scenarios_simd(const ModelView& model, std::uint64_t seed, std::uint64_t first, std::uint64_t count,
                        std::vector<AccumulatingSink>& sinks);

}  // namespace chokepoint
