#include "synth/synthetic_model.hh"

#include <fmt/format.h>

#include "diagnostics.hh"
#include "synth_model.hh"

namespace chokepoint {

namespace {

void check_range(const char* option, std::int64_t value, std::int64_t lo, std::int64_t hi) {
  if (value < lo || value > hi) {
    throw InputError(fmt::format("{} must be between {} and {}, got {}", option, lo, hi, value));
  }
}

}  // namespace

std::string synthetic_model_json(const SynthOptions& options) {
  check_range("--nodes", options.nodes, kSynthMinNodes, kSynthMaxNodes);
  // At least one event: the stress tests and the deterrence policy act on event 0.
  check_range("--events", options.events, 1, kSynthMaxEvents);
  check_range("--weeks", options.weeks, 1, kSynthMaxWeeks);

  synth::SynthRandom rng(options.seed);
  synth::Model m;
  m.weeks = static_cast<std::int32_t>(options.weeks);
  m.name = fmt::format("synthetic_n{}_e{}_w{}_s{}", options.nodes, options.events, options.weeks, options.seed);
  m.description = fmt::format(
      "Synthetic layered supply network made by chokepoint synth --nodes {} --events {} --weeks {} --seed {}, for "
      "scale tests and benchmarks. Every number is drawn, none is calibrated.",
      options.nodes, options.events, options.weeks, options.seed);
  m.nodes = synth::build_network(rng, static_cast<std::int32_t>(options.nodes), m.weeks);
  m.events = synth::build_events(rng, m.nodes, static_cast<std::int32_t>(options.events));
  m.policies = synth::build_policies(rng, m);
  m.stress_tests = synth::build_stress_tests(m);
  return synth::model_json(m);
}

}  // namespace chokepoint
