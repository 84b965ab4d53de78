// The CPU's SIMD path (cpu_simd.hh): the lane model of kernels/cpu/
// hwy_lanes-inl.hh compiled for every target of Highway's foreach_target.h,
// which includes this file once per target, and dispatched at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "cpu_simd.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/highway.h>

#include "cpu/cpu_launcher.hh"
#include "cpu/hwy_lanes-inl.hh"
#include "cpu_simd.hh"

HWY_BEFORE_NAMESPACE();
namespace chokepoint {
namespace HWY_NAMESPACE {

void RunScenariosSimd(const ModelView& model, std::uint64_t seed, std::uint64_t first, std::uint64_t count,
                      std::vector<AccumulatingSink>& sinks) {
  run_scenario_blocks<static_cast<std::uint32_t>(HwyLanes::kWidth)>(
      model, first, count, sinks,
      [&](const auto* lanes, std::uint64_t block, std::int32_t active, auto& sink) HWY_ATTR {
        LaneModel<HwyLanes>::simulate(model, lanes, seed, block, active, sink);
      });
}

std::int32_t LaneCount() { return HwyLanes::kWidth; }
std::int64_t Target() { return HWY_TARGET; }

}  // namespace HWY_NAMESPACE
}  // namespace chokepoint
HWY_AFTER_NAMESPACE();

#if HWY_ONCE

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "diagnostics.hh"

namespace chokepoint {

HWY_EXPORT(RunScenariosSimd);
HWY_EXPORT(LaneCount);
HWY_EXPORT(Target);

namespace {

// Whether "off" was chosen: the scalar model, without Highway.
bool scalar_model = false;
// Whether the target was chosen (by force_simd_target or the environment).
bool chosen = false;

std::string lower_name(std::int64_t target) {
  std::string name = hwy::TargetName(target);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name;
}

/// The compiled targets this CPU supports, best first. Read once, before
/// any forcing: a forced target is all that Highway reports as supported.
const std::vector<std::int64_t>& runnable_targets() {
  static const std::vector<std::int64_t> targets = [] {
    std::vector<std::int64_t> out;
    for (std::int64_t bits = hwy::SupportedTargets() & HWY_TARGETS; bits != 0; bits &= bits - 1) {
      out.push_back(bits & -bits);
    }
    return out;
  }();
  return targets;
}

}  // namespace

void force_simd_target(const std::string& name) {
  chosen = true;
  scalar_model = name == "off";
  const std::vector<std::int64_t>& targets = runnable_targets();
  hwy::SetSupportedTargetsForTest(0);
  if (name.empty() || scalar_model) {
    hwy::GetChosenTarget().Update(hwy::SupportedTargets());
    return;
  }
  for (const std::int64_t target : targets) {
    if (lower_name(target) == name) {
      hwy::SetSupportedTargetsForTest(target);
      hwy::GetChosenTarget().Update(hwy::SupportedTargets());
      return;
    }
  }
  throw InputError(fmt::format("SIMD target '{}' is not available: this build on this CPU has {} and off", name,
                               fmt::join(available_simd_targets(), ", ")));
}

void choose_simd_target() {
  if (chosen) return;
  const char* forced = std::getenv(kSimdTargetVariable);
  try {
    force_simd_target(forced != nullptr ? forced : "");
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}={}: {}", kSimdTargetVariable, forced, e.what()));
  }
}

std::vector<std::string> available_simd_targets() {
  std::vector<std::string> out;
  for (const std::int64_t target : runnable_targets()) out.push_back(lower_name(target));
  return out;
}

std::string describe_simd_target() {
  choose_simd_target();
  if (scalar_model) return "SIMD off: the scalar model";
  const std::int32_t lanes = HWY_DYNAMIC_DISPATCH(LaneCount)();
  return fmt::format("SIMD {}: {} double lane{}", lower_name(HWY_DYNAMIC_DISPATCH(Target)()), lanes,
                     lanes == 1 ? "" : "s");
}

void run_scenarios_simd(const ModelView& model, std::uint64_t seed, std::uint64_t first, std::uint64_t count,
                        std::vector<AccumulatingSink>& sinks) {
  choose_simd_target();
  if (scalar_model) {
    run_scenarios_cpu(model, seed, first, count, sinks);
  } else {
    HWY_DYNAMIC_DISPATCH(RunScenariosSimd)(model, seed, first, count, sinks);
  }
}

}  // namespace chokepoint

#endif  // HWY_ONCE
