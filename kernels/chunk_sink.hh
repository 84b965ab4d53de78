// A sink for the per-scenario model that adds its outputs to a chunk's
// arrays (kernels/chunk_accumulators.hh) with atomic operations, so that
// thousands of scenarios can run at once on a device.
//
// `Atomics` supplies the backend's atomic operations as static functions:
//   add(std::uint64_t*, std::uint64_t), add(std::int64_t*, std::int64_t),
//   min(std::uint64_t*, std::uint64_t), max(std::uint64_t*, std::uint64_t),
//   fetch_increment(std::uint32_t*) -> previous value.
// min/max act on the bits of non-negative doubles, whose order matches the
// order of the values (every output of the model is >= 0).
#pragma once

#include <cstdint>

#include "chunk_accumulators.hh"
#include "exact_sum.hh"
#include "macros.hh"
#include "scenario_state.hh"
#include "value_bins.hh"

namespace chokepoint {

template <class Atomics>
struct ChunkSink {
  ChunkView acc;

  CP_FUNCTION void sector_week(std::int32_t sector, std::int32_t week, double ratio, std::uint64_t units) const {
    const std::size_t cell = static_cast<std::size_t>(sector) * static_cast<std::size_t>(acc.weeks) + static_cast<std::size_t>(week);
    Atomics::add(&acc.fan[cell * RatioBins::kCount + static_cast<std::size_t>(RatioBins::bin(ratio))], units);
  }

  template <class State>
  CP_FUNCTION void week_end(std::int32_t, std::int32_t, const State&) const {}

  template <class Out>
  CP_FUNCTION void scenario_end(std::uint64_t scenario, const Out& out, std::uint64_t units) const {
    const auto mass = static_cast<double>(units);
    ExactSum::for_each_piece(mass * mass, [this](int limb, std::int64_t piece) { Atomics::add(acc.units_sq + limb, piece); });
    for (std::int32_t k = 0; k < acc.n_metrics; ++k) {
      const double v = out[k] + 0.0;  // + 0.0 turns -0 into +0, so the bits order like the values
      std::int64_t* sum = acc.sum + static_cast<std::size_t>(k) * ExactSum::kLimbs;
      std::int64_t* sum_sq = acc.sum_sq + static_cast<std::size_t>(k) * ExactSum::kLimbs;
      ExactSum::for_each_piece(mass * v, [sum](int limb, std::int64_t piece) { Atomics::add(sum + limb, piece); });
      ExactSum::for_each_piece(mass * v * v, [sum_sq](int limb, std::int64_t piece) { Atomics::add(sum_sq + limb, piece); });
      if (v > 0.0) Atomics::add(&acc.positive[k], units);
      Atomics::min(&acc.min_bits[k], double_bits(v));
      Atomics::max(&acc.max_bits[k], double_bits(v));
      const std::int32_t bin = acc.whole[k] != 0 ? WholeBins::bin(v, acc.weeks) : LogBins::bin(v);
      Atomics::add(&acc.bins[acc.bin_offset[k] + bin], units);
      if (v >= acc.threshold[k]) {
        const std::uint32_t slot = Atomics::fetch_increment(&acc.candidate_count[k]);
        const std::size_t at = static_cast<std::size_t>(k) * acc.candidate_capacity + slot;
        acc.candidate_value[at] = v;
        acc.candidate_scenario[at] = scenario;
        acc.candidate_units[at] = units;
        if (k == MetricLayout::loss_total) write_tail_payload(slot, out);
      }
    }
  }

 private:
  /// Sector losses and event starts of a loss_total candidate.
  template <class Out>
  CP_FUNCTION void write_tail_payload(std::uint32_t slot, const Out& out) const {
    const MetricLayout& lay = acc.layout;
    double* payload = acc.tail_payload + static_cast<std::size_t>(slot) * static_cast<std::size_t>(lay.n_sectors + lay.n_events);
    for (std::int32_t s = 0; s < lay.n_sectors; ++s) payload[s] = out[lay.sector_loss(s)];
    for (std::int32_t e = 0; e < lay.n_events; ++e) payload[lay.n_sectors + e] = out[lay.event_starts(e)];
  }
};

}  // namespace chokepoint
