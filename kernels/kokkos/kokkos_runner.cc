#include "kokkos_runner.hh"

#include <Kokkos_Core.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "../chunk_sink.hh"
#include "../model_arrays.hh"
#include "../scenario_model.hh"

namespace chokepoint {

namespace {

using ExecSpace = Kokkos::DefaultExecutionSpace;
using MemSpace = ExecSpace::memory_space;
template <class T>
using DeviceArray = Kokkos::View<T*, MemSpace>;

struct KokkosAtomics {
  KOKKOS_INLINE_FUNCTION static void add(std::uint64_t* p, std::uint64_t v) { Kokkos::atomic_add(p, v); }
  KOKKOS_INLINE_FUNCTION static void add(std::int64_t* p, std::int64_t v) { Kokkos::atomic_add(p, v); }
  KOKKOS_INLINE_FUNCTION static void min(std::uint64_t* p, std::uint64_t v) { Kokkos::atomic_fetch_min(p, v); }
  KOKKOS_INLINE_FUNCTION static void max(std::uint64_t* p, std::uint64_t v) { Kokkos::atomic_fetch_max(p, v); }
  KOKKOS_INLINE_FUNCTION static std::uint32_t fetch_increment(std::uint32_t* p) {
    return Kokkos::atomic_fetch_add(p, std::uint32_t{1});
  }
};

/// Kokkos needs initialising once per process, before the first View.
void ensure_kokkos_initialized() {
  if (Kokkos::is_initialized()) return;
  Kokkos::initialize();
  std::atexit([] {
    if (Kokkos::is_initialized()) Kokkos::finalize();
  });
}

/// A device copy of a host array, kept alive by the runner.
template <class T>
DeviceArray<T> to_device(const T* host, std::size_t n, const char* label) {
  DeviceArray<T> device(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string(label)), n);
  if (n > 0) {
    Kokkos::View<const T*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> source(host, n);
    Kokkos::deep_copy(device, source);
  }
  return device;
}

template <class T>
void copy_to_host(std::vector<T>& host, const DeviceArray<T>& device, std::size_t n) {
  if (n == 0) return;
  Kokkos::View<T*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> target(host.data(), n);
  Kokkos::deep_copy(target, Kokkos::subview(device, std::make_pair(std::size_t{0}, n)));
}

template <class T>
void copy_to_device(const DeviceArray<T>& device, const std::vector<T>& host) {
  if (host.empty()) return;
  Kokkos::View<const T*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> source(host.data(), host.size());
  Kokkos::deep_copy(device, source);
}

}  // namespace

struct KokkosRunner::Impl {
  ModelView model;  // pointers into `arrays`
  std::vector<Kokkos::View<char*, MemSpace>> arrays;
  StateShape state_shape;
  ChunkShape shape;
  std::uint64_t seed;
  DeviceArray<double> state_doubles;
  DeviceArray<std::int32_t> state_ints;
  // Chunk accumulators on the device.
  DeviceArray<std::int32_t> bin_offset;
  DeviceArray<std::uint8_t> whole;
  DeviceArray<double> threshold;
  DeviceArray<std::uint64_t> bins, positive, min_bits, max_bits, fan, candidate_scenario, candidate_units;
  DeviceArray<std::int64_t> sum, sum_sq, units_sq;
  DeviceArray<std::uint32_t> candidate_count;
  DeviceArray<double> candidate_value, tail_payload;
};

KokkosRunner::KokkosRunner(const ModelView& host_model, const ChunkShape& shape, std::uint64_t seed)
    : impl_(std::make_unique<Impl>()) {
  ensure_kokkos_initialized();
  Impl& d = *impl_;
  d.model = host_model;
  for_each_model_array(d.model, [&d](auto& pointer, std::size_t n) {
    using T = std::remove_const_t<std::remove_pointer_t<std::remove_reference_t<decltype(pointer)>>>;
    Kokkos::View<char*, MemSpace> bytes(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("chokepoint::kokkos::model")),
                                        n * sizeof(T));
    if (n > 0) {
      Kokkos::View<const char*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> source(
          reinterpret_cast<const char*>(pointer), n * sizeof(T));
      Kokkos::deep_copy(bytes, source);
    }
    pointer = reinterpret_cast<const T*>(bytes.data());
    d.arrays.push_back(bytes);
  });
  d.state_shape = StateShape::of(d.model);
  d.shape = shape;
  d.seed = seed;
  const std::size_t slots = shape.candidate_capacity;
  d.state_doubles = DeviceArray<double>("chokepoint::kokkos::state_doubles", d.state_shape.doubles() * slots);
  d.state_ints = DeviceArray<std::int32_t>("chokepoint::kokkos::state_ints", d.state_shape.ints() * slots);

  ChunkAccumulators host(shape);  // sizes and initial values
  d.bin_offset = to_device(host.bin_offset.data(), host.bin_offset.size(), "chokepoint::kokkos::bin_offset");
  d.whole = to_device(shape.whole.data(), shape.whole.size(), "chokepoint::kokkos::whole");
  d.threshold = DeviceArray<double>("chokepoint::kokkos::threshold", host.threshold.size());
  d.bins = DeviceArray<std::uint64_t>("chokepoint::kokkos::bins", host.bins.size());
  d.sum = DeviceArray<std::int64_t>("chokepoint::kokkos::sum", host.sum.size());
  d.sum_sq = DeviceArray<std::int64_t>("chokepoint::kokkos::sum_sq", host.sum_sq.size());
  d.units_sq = DeviceArray<std::int64_t>("chokepoint::kokkos::units_sq", host.units_sq.size());
  d.positive = DeviceArray<std::uint64_t>("chokepoint::kokkos::positive", host.positive.size());
  d.min_bits = DeviceArray<std::uint64_t>("chokepoint::kokkos::min_bits", host.min_bits.size());
  d.max_bits = DeviceArray<std::uint64_t>("chokepoint::kokkos::max_bits", host.max_bits.size());
  d.fan = DeviceArray<std::uint64_t>("chokepoint::kokkos::fan", host.fan.size());
  d.candidate_count = DeviceArray<std::uint32_t>("chokepoint::kokkos::candidate_count", host.candidate_count.size());
  d.candidate_value = DeviceArray<double>("chokepoint::kokkos::candidate_value", host.candidate_value.size());
  d.candidate_scenario = DeviceArray<std::uint64_t>("chokepoint::kokkos::candidate_scenario", host.candidate_scenario.size());
  d.candidate_units = DeviceArray<std::uint64_t>("chokepoint::kokkos::candidate_units", host.candidate_units.size());
  d.tail_payload = DeviceArray<double>("chokepoint::kokkos::tail_payload", host.tail_payload.size());
}

KokkosRunner::~KokkosRunner() = default;

void KokkosRunner::run(std::uint64_t first, std::uint64_t count, ChunkAccumulators& chunk) {
  Impl& d = *impl_;
  const std::vector<double> thresholds = chunk.threshold;
  chunk.reset();
  chunk.threshold = thresholds;
  copy_to_device(d.threshold, chunk.threshold);
  copy_to_device(d.bins, chunk.bins);
  copy_to_device(d.sum, chunk.sum);
  copy_to_device(d.sum_sq, chunk.sum_sq);
  copy_to_device(d.units_sq, chunk.units_sq);
  copy_to_device(d.positive, chunk.positive);
  copy_to_device(d.min_bits, chunk.min_bits);
  copy_to_device(d.max_bits, chunk.max_bits);
  copy_to_device(d.fan, chunk.fan);
  copy_to_device(d.candidate_count, chunk.candidate_count);

  ChunkView view;
  view.n_metrics = d.shape.n_metrics;
  view.layout = d.shape.layout;
  view.weeks = d.shape.weeks;
  view.candidate_capacity = d.shape.candidate_capacity;
  view.bin_offset = d.bin_offset.data();
  view.whole = d.whole.data();
  view.threshold = d.threshold.data();
  view.bins = d.bins.data();
  view.sum = d.sum.data();
  view.sum_sq = d.sum_sq.data();
  view.units_sq = d.units_sq.data();
  view.positive = d.positive.data();
  view.min_bits = d.min_bits.data();
  view.max_bits = d.max_bits.data();
  view.fan = d.fan.data();
  view.candidate_count = d.candidate_count.data();
  view.candidate_value = d.candidate_value.data();
  view.candidate_scenario = d.candidate_scenario.data();
  view.candidate_units = d.candidate_units.data();
  view.tail_payload = d.tail_payload.data();

  const ModelView model = d.model;
  const StateShape state_shape = d.state_shape;
  const std::uint64_t seed = d.seed;
  double* doubles = d.state_doubles.data();
  std::int32_t* ints = d.state_ints.data();
  const auto slots = static_cast<std::uint32_t>(d.shape.candidate_capacity);
  Kokkos::parallel_for(
      "chokepoint::kokkos::simulate_chunk", Kokkos::RangePolicy<ExecSpace>(0, static_cast<std::int64_t>(count)),
      KOKKOS_LAMBDA(const std::int64_t i) {
        const ScenarioState state = state_slot(state_shape, doubles, ints, slots, static_cast<std::uint32_t>(i));
        const ChunkSink<KokkosAtomics> sink{view};
        simulate_scenario(model, state, seed, first + static_cast<std::uint64_t>(i), sink);
      });
  Kokkos::fence();

  copy_to_host(chunk.bins, d.bins, chunk.bins.size());
  copy_to_host(chunk.sum, d.sum, chunk.sum.size());
  copy_to_host(chunk.sum_sq, d.sum_sq, chunk.sum_sq.size());
  copy_to_host(chunk.units_sq, d.units_sq, chunk.units_sq.size());
  copy_to_host(chunk.positive, d.positive, chunk.positive.size());
  copy_to_host(chunk.min_bits, d.min_bits, chunk.min_bits.size());
  copy_to_host(chunk.max_bits, d.max_bits, chunk.max_bits.size());
  copy_to_host(chunk.fan, d.fan, chunk.fan.size());
  copy_to_host(chunk.candidate_count, d.candidate_count, chunk.candidate_count.size());
  // Candidates: only the filled part of each output's list.
  const std::size_t capacity = d.shape.candidate_capacity;
  for (std::size_t k = 0; k < chunk.candidate_count.size(); ++k) {
    const std::size_t n = chunk.candidate_count[k];
    if (n == 0) continue;
    const auto range = std::make_pair(k * capacity, k * capacity + n);
    Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> values(chunk.candidate_value.data() + k * capacity, n);
    Kokkos::deep_copy(values, Kokkos::subview(d.candidate_value, range));
    Kokkos::View<std::uint64_t*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> scenarios(
        chunk.candidate_scenario.data() + k * capacity, n);
    Kokkos::deep_copy(scenarios, Kokkos::subview(d.candidate_scenario, range));
    Kokkos::View<std::uint64_t*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> units(
        chunk.candidate_units.data() + k * capacity, n);
    Kokkos::deep_copy(units, Kokkos::subview(d.candidate_units, range));
  }
  copy_to_host(chunk.tail_payload, d.tail_payload, chunk.candidate_count[0] * d.shape.tail_width());
}

std::string KokkosRunner::execution_space() {
  ensure_kokkos_initialized();
  return std::string(ExecSpace::name()) + " (concurrency " + std::to_string(ExecSpace().concurrency()) + ")";
}

}  // namespace chokepoint
