#include "kokkos_runner.hh"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
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

/// A loaded model's arrays on the execution space.
struct DeviceModel {
  ModelView view;  // pointers into `arrays`
  std::vector<Kokkos::View<char*, MemSpace>> arrays;

  /// Mirror `host`, reusing the arrays of the model loaded here before where
  /// their sizes agree.
  void mirror(const ModelView& host) {
    using Bytes = Kokkos::View<char*, MemSpace>;
    view = host;
    mirror_model_arrays(
        view, arrays, [](const Bytes& a) { return a.extent(0); },
        [](std::size_t bytes) {
          return Bytes(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("chokepoint::kokkos::model")),
                       bytes);
        },
        [](const Bytes& a) { return a.data(); },
        [](char* to, const char* from, std::size_t bytes) {
          Kokkos::deep_copy(
              Kokkos::View<char*, MemSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>(to, bytes),
              Kokkos::View<const char*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>(from, bytes));
        });
  }
};

/// One item's chunk accumulators on the execution space.
struct DeviceChunk {
  DeviceArray<double> threshold;
  DeviceArray<std::uint64_t> bins, positive, min_bits, max_bits, fan, candidate_scenario, candidate_units;
  DeviceArray<std::int64_t> sum, sum_sq, units_sq;
  DeviceArray<std::uint32_t> candidate_count;
  DeviceArray<double> candidate_value, tail_payload;

  explicit DeviceChunk(const ChunkAccumulators& host)
      : threshold("chokepoint::kokkos::threshold", host.threshold.size()),
        bins("chokepoint::kokkos::bins", host.bins.size()),
        positive("chokepoint::kokkos::positive", host.positive.size()),
        min_bits("chokepoint::kokkos::min_bits", host.min_bits.size()),
        max_bits("chokepoint::kokkos::max_bits", host.max_bits.size()),
        fan("chokepoint::kokkos::fan", host.fan.size()),
        candidate_scenario("chokepoint::kokkos::candidate_scenario", host.candidate_scenario.size()),
        candidate_units("chokepoint::kokkos::candidate_units", host.candidate_units.size()),
        sum("chokepoint::kokkos::sum", host.sum.size()),
        sum_sq("chokepoint::kokkos::sum_sq", host.sum_sq.size()),
        units_sq("chokepoint::kokkos::units_sq", host.units_sq.size()),
        candidate_count("chokepoint::kokkos::candidate_count", host.candidate_count.size()),
        candidate_value("chokepoint::kokkos::candidate_value", host.candidate_value.size()),
        tail_payload("chokepoint::kokkos::tail_payload", host.tail_payload.size()) {}

  /// The thresholds and reset accumulators of `host` (just reset) in.
  void upload(const ChunkAccumulators& host) const {
    copy_to_device(threshold, host.threshold);
    copy_to_device(bins, host.bins);
    copy_to_device(sum, host.sum);
    copy_to_device(sum_sq, host.sum_sq);
    copy_to_device(units_sq, host.units_sq);
    copy_to_device(positive, host.positive);
    copy_to_device(min_bits, host.min_bits);
    copy_to_device(max_bits, host.max_bits);
    copy_to_device(fan, host.fan);
    copy_to_device(candidate_count, host.candidate_count);
  }

  /// Everything back, the candidate lists only as far as they are filled.
  void download(ChunkAccumulators& host) const {
    copy_to_host(host.bins, bins, host.bins.size());
    copy_to_host(host.sum, sum, host.sum.size());
    copy_to_host(host.sum_sq, sum_sq, host.sum_sq.size());
    copy_to_host(host.units_sq, units_sq, host.units_sq.size());
    copy_to_host(host.positive, positive, host.positive.size());
    copy_to_host(host.min_bits, min_bits, host.min_bits.size());
    copy_to_host(host.max_bits, max_bits, host.max_bits.size());
    copy_to_host(host.fan, fan, host.fan.size());
    copy_to_host(host.candidate_count, candidate_count, host.candidate_count.size());
    const std::size_t capacity = host.shape.candidate_capacity;
    for (std::size_t k = 0; k < host.candidate_count.size(); ++k) {
      const std::size_t n = host.candidate_count[k];
      if (n == 0) continue;
      const auto range = std::make_pair(k * capacity, k * capacity + n);
      Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> values(
          host.candidate_value.data() + k * capacity, n);
      Kokkos::deep_copy(values, Kokkos::subview(candidate_value, range));
      Kokkos::View<std::uint64_t*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> scenarios(
          host.candidate_scenario.data() + k * capacity, n);
      Kokkos::deep_copy(scenarios, Kokkos::subview(candidate_scenario, range));
      Kokkos::View<std::uint64_t*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> units(
          host.candidate_units.data() + k * capacity, n);
      Kokkos::deep_copy(units, Kokkos::subview(candidate_units, range));
    }
    copy_to_host(host.tail_payload, tail_payload, host.candidate_count[0] * host.shape.tail_width());
  }

  [[nodiscard]] ChunkView view(const ChunkShape& shape, const std::int32_t* bin_offset, const std::uint8_t* whole) const {
    return chunk_view_of(shape, bin_offset, whole, *this);
  }
};

/// Where an item's scenarios sit in a launch.
struct DeviceItem {
  std::uint32_t model;
  std::uint32_t offset;  // its first scenario's index in the launch
  std::uint64_t first;
};

}  // namespace

struct KokkosRunner::Impl {
  ChunkShape shape;
  std::uint64_t seed = 0;
  std::uint32_t max_items = 0;
  std::vector<DeviceModel> models;
  Kokkos::View<ModelView*, MemSpace> model_views;
  StateShape state_shape;
  DeviceArray<double> state_doubles;
  DeviceArray<std::int32_t> state_ints;
  DeviceArray<std::int32_t> bin_offset;
  DeviceArray<std::uint8_t> whole;
  std::vector<DeviceChunk> chunks;  // one per item of a launch
  Kokkos::View<ChunkView*, MemSpace> chunk_views;
  Kokkos::View<DeviceItem*, MemSpace> items;
  Kokkos::View<DeviceItem*, MemSpace>::HostMirror host_items;  // a launch's items, filled on the host
};

KokkosRunner::KokkosRunner(const ChunkShape& shape, std::uint64_t seed, std::uint32_t max_items)
    : impl_(std::make_unique<Impl>()) {
  ensure_kokkos_initialized();
  Impl& d = *impl_;
  d.shape = shape;
  d.seed = seed;
  d.max_items = max_items;
  const ChunkAccumulators host(shape);  // sizes and initial values
  d.bin_offset = to_device(host.bin_offset.data(), host.bin_offset.size(), "chokepoint::kokkos::bin_offset");
  d.whole = to_device(shape.whole.data(), shape.whole.size(), "chokepoint::kokkos::whole");
  auto views = Kokkos::View<ChunkView*, Kokkos::HostSpace>("chokepoint::kokkos::chunk_views", max_items);
  for (std::uint32_t k = 0; k < max_items; ++k) {
    d.chunks.emplace_back(host);
    views(k) = d.chunks.back().view(shape, d.bin_offset.data(), d.whole.data());
  }
  d.chunk_views = Kokkos::View<ChunkView*, MemSpace>("chokepoint::kokkos::chunk_views", max_items);
  Kokkos::deep_copy(d.chunk_views, views);
  d.items = Kokkos::View<DeviceItem*, MemSpace>("chokepoint::kokkos::items", max_items);
  d.host_items = Kokkos::create_mirror_view(d.items);
}

KokkosRunner::~KokkosRunner() = default;

void KokkosRunner::load_models(const std::vector<ModelView>& models) {
  Impl& d = *impl_;
  if (d.models.size() < models.size()) d.models.resize(models.size());
  auto views = Kokkos::View<ModelView*, Kokkos::HostSpace>("chokepoint::kokkos::model_views", models.size());
  for (std::size_t m = 0; m < models.size(); ++m) {
    d.models[m].mirror(models[m]);
    views(m) = d.models[m].view;
  }
  d.model_views = Kokkos::View<ModelView*, MemSpace>("chokepoint::kokkos::model_views", models.size());
  Kokkos::deep_copy(d.model_views, views);
  // Points differ in numbers and supplier links, never in their state.
  const StateShape state_shape = StateShape::of(models.at(0));
  for (const ModelView& m : models) {
    if (!(StateShape::of(m) == state_shape)) throw std::logic_error("KokkosRunner: the models' states differ in shape");
  }
  if (!(state_shape == d.state_shape) || d.state_doubles.extent(0) == 0) {
    d.state_shape = state_shape;
    const std::size_t slots = static_cast<std::size_t>(d.shape.candidate_capacity) * d.max_items;
    d.state_doubles = DeviceArray<double>("chokepoint::kokkos::state_doubles", state_shape.doubles() * slots);
    d.state_ints = DeviceArray<std::int32_t>("chokepoint::kokkos::state_ints", state_shape.ints() * slots);
  }
}

void KokkosRunner::run(const std::vector<LaunchItem>& items) {
  Impl& d = *impl_;
  std::uint32_t total = 0;
  for (std::size_t k = 0; k < items.size(); ++k) {
    ChunkAccumulators& chunk = *items[k].chunk;
    const std::vector<double> thresholds = chunk.threshold;
    chunk.reset();
    chunk.threshold = thresholds;
    d.chunks[k].upload(chunk);
    d.host_items(k) = DeviceItem{items[k].model, total, items[k].first};
    total += items[k].count;
  }
  Kokkos::deep_copy(d.items, d.host_items);

  const auto models = d.model_views;
  const auto chunk_views = d.chunk_views;
  const auto launch_items = d.items;
  const auto n_items = static_cast<std::uint32_t>(items.size());
  const StateShape state_shape = d.state_shape;
  const std::uint64_t seed = d.seed;
  double* doubles = d.state_doubles.data();
  std::int32_t* ints = d.state_ints.data();
  const auto slots = static_cast<std::uint32_t>(d.shape.candidate_capacity * d.max_items);
  Kokkos::parallel_for(
      "chokepoint::kokkos::simulate_items", Kokkos::RangePolicy<ExecSpace>(0, static_cast<std::int64_t>(total)),
      KOKKOS_LAMBDA(const std::int64_t i) {
        const auto index = static_cast<std::uint32_t>(i);
        std::uint32_t k = 0;  // the item holding scenario slot i (items are few)
        while (k + 1 < n_items && launch_items(k + 1).offset <= index) ++k;
        const DeviceItem item = launch_items(k);
        const ScenarioState state = state_slot(state_shape, doubles, ints, slots, index);
        const ChunkSink<KokkosAtomics> sink{chunk_views(k)};
        simulate_scenario(models(item.model), state, seed, item.first + (index - item.offset), sink);
      });
  Kokkos::fence();
  for (std::size_t k = 0; k < items.size(); ++k) d.chunks[k].download(*items[k].chunk);
}

std::string KokkosRunner::execution_space() {
  ensure_kokkos_initialized();
  return std::string(ExecSpace::name()) + " (concurrency " + std::to_string(ExecSpace().concurrency()) + ")";
}

}  // namespace chokepoint
