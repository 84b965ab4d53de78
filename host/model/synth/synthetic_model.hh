// Synthetic models for scale tests and benchmarks (`chokepoint synth`).
//
// A layered supply network (raw materials -> components -> assemblies ->
// final products) over several sectors and regions, with a calm / tension /
// crisis regime, events of every kind, policies and stress tests: every
// feature of chokepoint/1 is used. The same options give the same bytes on
// every machine and standard library.
#pragma once

#include <cstdint>
#include <string>

namespace chokepoint {

struct SynthOptions {
  std::int64_t nodes = 60;
  std::int64_t events = 30;
  std::int64_t weeks = 104;
  std::uint64_t seed = 1;
};

/// Limits: four tiers need four nodes; the upper limits are the loader's.
inline constexpr std::int64_t kSynthMinNodes = 4;
inline constexpr std::int64_t kSynthMaxNodes = 10000;
inline constexpr std::int64_t kSynthMaxEvents = 2000;
inline constexpr std::int64_t kSynthMaxWeeks = 520;

/// The model as chokepoint/1 JSON text. Throws InputError naming the option
/// when one is out of range.
std::string synthetic_model_json(const SynthOptions& options);

}  // namespace chokepoint
