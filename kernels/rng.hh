// Addressed random numbers: every draw of a scenario is named by what it is for.
//
// Philox4x32-10 (Random123) is a counter-based generator: output =
// philox(counter, key). The key is the study seed; the counter is the
// scenario index plus the address of the draw:
//
//   key     = {seed low 32 bits, seed high 32 bits}
//   counter = {scenario low 32, scenario high 32, stream id, purpose << 28 | item << 16 | week}
//
// `stream id` is a 32-bit FNV-1a hash of the node or event id (0 for the
// regime path), so adding, removing or reordering other events leaves a
// draw unchanged. `item` is the effect's index within its event (0 otherwise).
// No draw depends on how many draws came before it, so any scenario can be
// replayed alone and a policy run sees the same events as the baseline.
// docs/MODEL.md lists every address.
#pragma once

#if defined(__CUDACC__)
#include <cuda_runtime.h>  // Random123's nvcc feature header needs CUDART_VERSION
#endif
#include <Random123/philox.h>

#include <cstdint>
#include <string_view>

#include "macros.hh"

namespace chokepoint {

/// What a draw is for; part of its address.
enum class Purpose : std::uint32_t {
  demand_level = 1,    // stream: node, week 0
  regime = 2,          // stream: 0, week t >= 1
  event_clock = 3,     // stream: event, week the idle period began
  event_duration = 4,  // stream: event, week of the start
  effect_size = 5,     // stream: event, item: effect index, week of the start
};

/// 32-bit FNV-1a of an id: the stream id of its draws.
constexpr std::uint32_t stream_id(std::string_view id) {
  std::uint32_t h = 2166136261u;
  for (char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

/// The draws of one scenario.
class ScenarioRng {
 public:
  CP_FUNCTION ScenarioRng(std::uint64_t seed, std::uint64_t scenario)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        scenario_lo_(static_cast<std::uint32_t>(scenario)),
        scenario_hi_(static_cast<std::uint32_t>(scenario >> 32)) {}

  /// The raw 128 bits at an address.
  CP_FUNCTION r123::Philox4x32::ctr_type raw(Purpose purpose, std::uint32_t stream, std::uint32_t item,
                                             std::uint32_t week) const {
    const r123::Philox4x32::ctr_type ctr = {
        {scenario_lo_, scenario_hi_, stream,
         (static_cast<std::uint32_t>(purpose) << 28) | ((item & 0xfffu) << 16) | (week & 0xffffu)}};
    return r123::Philox4x32()(ctr, key_);
  }

  /// A uniform number in the open interval (0, 1), from the first 52 bits
  /// at the address: (k + 1/2) 2^-52, exact in double precision.
  CP_FUNCTION double uniform(Purpose purpose, std::uint32_t stream, std::uint32_t item, std::uint32_t week) const {
    const auto r = raw(purpose, stream, item, week);
    const std::uint64_t bits = (static_cast<std::uint64_t>(r.v[0]) << 32 | r.v[1]) >> 12;
    return (static_cast<double>(bits) + 0.5) * 0x1p-52;
  }

 private:
  r123::Philox4x32::key_type key_;
  std::uint32_t scenario_lo_;
  std::uint32_t scenario_hi_;
};

}  // namespace chokepoint
