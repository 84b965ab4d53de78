#include <cuda_runtime.h>  // first: Random123's nvcc support needs CUDART_VERSION
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "../block_totals.hh"
#include "../chunk_bytes.hh"
#include "../chunk_sink.hh"
#include "../model_arrays.hh"
#include "../scenario_model.hh"
#include "cuda_runner.hh"

namespace chokepoint {

namespace {

/// Every CUDA call goes through here: a failure becomes a CudaError naming
/// the call and where it was made.
void check(cudaError_t status, const char* call, const char* file, int line) {
  if (status == cudaSuccess) return;
  throw CudaError(std::string("CUDA error in ") + call + " (" + file + ":" + std::to_string(line) +
                  "): " + cudaGetErrorName(status) + ": " + cudaGetErrorString(status));
}
#define CP_CUDA_CHECK(call) check((call), #call, __FILE__, __LINE__)

/// Atomic operations for ChunkSink, aggregated within a warp first: the
/// lanes that reach the same operation on the same address together form a
/// group (labeled_partition, i.e. __match_any_sync), combine their operands
/// with shuffles, and one lane per group issues the atomic. Every scenario
/// of a warp adds to the same limbs of the same outputs when it ends, and
/// most of a week's ratios fall in the same fan-chart bin, so this turns up
/// to 32 atomics on one address into one. All operands are integers (counts,
/// exact-sum limbs, bits of non-negative doubles), so the grouping changes
/// no result. The host branches are never taken (the sink only runs in
/// kernels) but keep the functions callable from __host__ __device__ code.
struct CudaAtomics {
#ifdef __CUDA_ARCH__
  struct AtomicAdd {
    __device__ void operator()(unsigned long long* p, unsigned long long v) const { atomicAdd(p, v); }
  };
  struct AtomicMin {
    __device__ void operator()(unsigned long long* p, unsigned long long v) const { atomicMin(p, v); }
  };
  struct AtomicMax {
    __device__ void operator()(unsigned long long* p, unsigned long long v) const { atomicMax(p, v); }
  };
  template <class T, class Combine, class Atomic>
  __device__ static void aggregated(T* p, T v, Combine combine, Atomic atomic) {
    namespace cg = cooperative_groups;
    const cg::coalesced_group group = cg::labeled_partition(cg::coalesced_threads(), reinterpret_cast<unsigned long long>(p));
    const T total = cg::reduce(group, v, combine);
    if (group.thread_rank() == 0) atomic(p, total);
  }
#endif
  __host__ __device__ static void add(std::uint64_t* p, std::uint64_t v) {
#ifdef __CUDA_ARCH__
    aggregated<unsigned long long>(reinterpret_cast<unsigned long long*>(p), v, cooperative_groups::plus<unsigned long long>(), AtomicAdd());
#else
    *p += v;
#endif
  }
  __host__ __device__ static void add(std::int64_t* p, std::int64_t v) {
#ifdef __CUDA_ARCH__
    // Two's complement: adding the unsigned images (mod 2^64) is adding the signed values.
    add(reinterpret_cast<std::uint64_t*>(p), static_cast<std::uint64_t>(v));
#else
    *p += v;
#endif
  }
  __host__ __device__ static void min(std::uint64_t* p, std::uint64_t v) {
#ifdef __CUDA_ARCH__
    aggregated<unsigned long long>(reinterpret_cast<unsigned long long*>(p), v, cooperative_groups::less<unsigned long long>(), AtomicMin());
#else
    *p = v < *p ? v : *p;
#endif
  }
  __host__ __device__ static void max(std::uint64_t* p, std::uint64_t v) {
#ifdef __CUDA_ARCH__
    aggregated<unsigned long long>(reinterpret_cast<unsigned long long*>(p), v, cooperative_groups::greater<unsigned long long>(), AtomicMax());
#else
    *p = v > *p ? v : *p;
#endif
  }
  /// One atomic per group for the group's slots: each lane gets the
  /// group's base plus its rank (slots are distinct, their order is free:
  /// the host merges candidate lists order-independently).
  __host__ __device__ static std::uint32_t fetch_increment(std::uint32_t* p) {
#ifdef __CUDA_ARCH__
    namespace cg = cooperative_groups;
    const cg::coalesced_group group = cg::labeled_partition(cg::coalesced_threads(), reinterpret_cast<unsigned long long>(p));
    unsigned base = 0;
    if (group.thread_rank() == 0) base = atomicAdd(p, group.size());
    return group.shfl(base, 0) + group.thread_rank();
#else
    return (*p)++;
#endif
  }
};

/// Plain atomics, for a block's flush of its totals (kernels/block_totals.hh):
/// each thread adds distinct elements, so there is nothing to aggregate.
struct FlushAtomics {
  /// Exact-sum limbs (int64) and counts (uint64): two's-complement addition
  /// is the same on both, so one unsigned atomic serves.
  template <class Word>
  __host__ __device__ static void add(Word* p, Word v) {
#ifdef __CUDA_ARCH__
    atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
#else
    *p += v;
#endif
  }
  __host__ __device__ static void min(std::uint64_t* p, std::uint64_t v) {
#ifdef __CUDA_ARCH__
    atomicMin(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
#else
    *p = v < *p ? v : *p;
#endif
  }
  __host__ __device__ static void max(std::uint64_t* p, std::uint64_t v) {
#ifdef __CUDA_ARCH__
    atomicMax(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
#else
    *p = v > *p ? v : *p;
#endif
  }
};

/// The launch's dynamic shared memory: a block's totals (BlockTotals).
extern __shared__ unsigned long long block_shared_words[];

__device__ BlockTotals block_totals_of(const ChunkView& chunk) {
  return BlockTotals::in(reinterpret_cast<std::uint64_t*>(block_shared_words), chunk.n_metrics);
}

/// ChunkSink over the chunk's arrays with the totals in the block's shared
/// memory. The shared view is made at each scenario's end, so that nothing
/// beyond the kernel's parameters is live through the weeks.
struct BlockChunkSink {
  const ChunkView& chunk;  // the kernel's parameter
  __device__ void sector_week(std::int32_t sector, std::int32_t week, double ratio, std::uint64_t units) const {
    ChunkSink<CudaAtomics>{chunk}.sector_week(sector, week, ratio, units);
  }
  template <class State>
  __device__ void week_end(std::int32_t, std::int32_t, const State&) const {}
  template <class Out>
  __device__ void scenario_end(std::uint64_t scenario, const Out& out, std::uint64_t units) const {
    ChunkSink<CudaAtomics>{block_totals_of(chunk).in_place_of(chunk)}.scenario_end(scenario, out, units);
  }
};

/// Discards outputs: the model still runs in full (its state lives in global
/// memory), so timing it measures the model without the accumulation.
struct DiscardSink {
  __host__ __device__ void sector_week(std::int32_t, std::int32_t, double, std::uint64_t) const {}
  template <class State>
  __host__ __device__ void week_end(std::int32_t, std::int32_t, const State&) const {}
  template <class Out>
  __host__ __device__ void scenario_end(std::uint64_t, const Out&, std::uint64_t) const {}
};

constexpr std::uint32_t kThreadsPerBlock = 128;
/// Blocks of kThreadsPerBlock an SM must hold at once, which caps the
/// registers per thread at 65,536 / (128 x blocks). ptxas for sm_90: 6
/// blocks (24 warps) give 80 registers with 8 bytes spilled; 5 blocks, 94
/// without spills (20 warps); no bounds, 86 (20 warps). The register sweep
/// of scripts/gpu-check builds with 5 and 8 to measure which pays
/// (docs/GPU.md).
#ifdef CHOKEPOINT_CUDA_MIN_BLOCKS_PER_SM
constexpr int kMinBlocksPerSm = CHOKEPOINT_CUDA_MIN_BLOCKS_PER_SM;
#else
constexpr int kMinBlocksPerSm = 6;
#endif

/// The state of the scenarios of one block: a tile of its own in the
/// chunk's buffers, field by field with the stride fixed at compile time
/// (the block's width), so a block's state is contiguous, its threads still
/// read neighbouring addresses (coalesced), and no field carries a stride.
using TiledState = BasicScenarioState<kThreadsPerBlock>;

/// Launched with kThreadsPerBlock threads per block, on buffers of whole
/// tiles (a chunk's capacity is a multiple of kThreadsPerBlock). With
/// kBlockTotals (launched only to accumulate, so `accumulate` is not read),
/// the launch gives each block BlockTotals::words(n_metrics) words of shared
/// memory: the block's scenarios add their sums, positive
/// counts and extremes there and the block flushes them once, so the
/// chunk's arrays take one atomic per block and element instead of one per
/// warp. Every thread of a block reaches both barriers (no early return).
/// Two instantiations, so that neither carries the other's sink: a run-time
/// choice between the shared and the global view spilled 80 bytes at 80
/// registers.
template <bool kBlockTotals>
__global__ void __launch_bounds__(kThreadsPerBlock, kMinBlocksPerSm)
    simulate_chunk(ModelView model, StateShape shape, double* doubles, std::int32_t* ints, std::uint64_t seed,
                   std::uint64_t first, std::uint32_t count, ChunkView acc, bool accumulate) {
  const std::uint32_t i = blockIdx.x * kThreadsPerBlock + threadIdx.x;
  if constexpr (kBlockTotals) {
    block_totals_of(acc).reset(threadIdx.x, kThreadsPerBlock);
    __syncthreads();
  }
  if (i < count) {
    const std::size_t tile = static_cast<std::size_t>(blockIdx.x) * kThreadsPerBlock;
    const TiledState state = state_slot<kThreadsPerBlock>(shape, doubles + tile * shape.doubles(),
                                                          ints + tile * shape.ints(), kThreadsPerBlock, threadIdx.x);
    if constexpr (kBlockTotals) {
      const BlockChunkSink sink{acc};
      simulate_scenario(model, state, seed, first + i, sink);
    } else if (accumulate) {
      const ChunkSink<CudaAtomics> sink{acc};
      simulate_scenario(model, state, seed, first + i, sink);
    } else {
      DiscardSink sink;
      simulate_scenario(model, state, seed, first + i, sink);
    }
  }
  if constexpr (kBlockTotals) {
    __syncthreads();
    block_totals_of(acc).flush<FlushAtomics>(acc, threadIdx.x, kThreadsPerBlock);
  }
}

constexpr std::uint32_t kMinChunk = 1024;

/// RAII for a non-blocking stream.
class Stream {
 public:
  Stream() { CP_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }
  ~Stream() { cudaStreamDestroy(stream_); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  [[nodiscard]] cudaStream_t get() const { return stream_; }

 private:
  cudaStream_t stream_ = nullptr;
};

/// Out of device or pinned memory: the runner halves its chunk and retries.
struct OutOfDeviceMemory {};

/// Memory from cudaMalloc (`Pinned` false) or cudaMallocHost (true), left
/// uninitialised: every launch writes what it reads (the kernel initialises
/// a scenario's state, the accumulators are reset on the stream).
template <class T, bool Pinned>
class CudaArray {
 public:
  CudaArray() = default;
  explicit CudaArray(std::size_t n) : size_(n) {
    if (n == 0) return;
    void* p = nullptr;
    const cudaError_t status = Pinned ? cudaMallocHost(&p, n * sizeof(T)) : cudaMalloc(&p, n * sizeof(T));
    if (status == cudaErrorMemoryAllocation) {
      cudaGetLastError();  // clear it: the caller retries with less
      throw OutOfDeviceMemory{};
    }
    CP_CUDA_CHECK(status);
    data_ = static_cast<T*>(p);
  }
  ~CudaArray() {
    if (data_ == nullptr) return;
    if constexpr (Pinned) {
      cudaFreeHost(data_);
    } else {
      cudaFree(data_);
    }
  }
  CudaArray(const CudaArray&) = delete;
  CudaArray& operator=(const CudaArray&) = delete;
  CudaArray(CudaArray&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
  }
  CudaArray& operator=(CudaArray&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  [[nodiscard]] T* data() const { return data_; }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

template <class T>
using DeviceArray = CudaArray<T, false>;
template <class T>
using PinnedArray = CudaArray<T, true>;

template <class T>
void copy_async(T* to, const T* from, std::size_t n, cudaMemcpyKind kind, cudaStream_t s) {
  if (n > 0) CP_CUDA_CHECK(cudaMemcpyAsync(to, from, n * sizeof(T), kind, s));
}

/// A chunk's fixed-size accumulators (they do not grow with its scenarios),
/// in one kind of memory.
template <bool Pinned>
struct FixedArrays {
  CudaArray<double, Pinned> threshold;
  CudaArray<std::uint64_t, Pinned> bins, positive, min_bits, max_bits, fan;
  CudaArray<std::int64_t, Pinned> sum, sum_sq, units_sq;
  CudaArray<std::uint32_t, Pinned> candidate_count;

  FixedArrays(const ChunkShape& shape, std::size_t bins_total) {
    const auto n = static_cast<std::size_t>(shape.n_metrics);
    threshold = CudaArray<double, Pinned>(n);
    bins = CudaArray<std::uint64_t, Pinned>(bins_total);
    positive = CudaArray<std::uint64_t, Pinned>(n);
    min_bits = CudaArray<std::uint64_t, Pinned>(n);
    max_bits = CudaArray<std::uint64_t, Pinned>(n);
    fan = CudaArray<std::uint64_t, Pinned>(shape.fan_size());
    sum = CudaArray<std::int64_t, Pinned>(n * ExactSum::kLimbs);
    sum_sq = CudaArray<std::int64_t, Pinned>(n * ExactSum::kLimbs);
    units_sq = CudaArray<std::int64_t, Pinned>(ExactSum::kLimbs);
    candidate_count = CudaArray<std::uint32_t, Pinned>(n);
  }
};

/// A chunk's candidate lists (per output, up to one per scenario) and the
/// tail payloads of loss_total's candidates.
template <class Double, class Uint64>
struct CandidateArrays {
  Double value;
  Uint64 scenario, units;
  Double tail_payload;
};

/// Uninitialised host memory for the candidates copied back: pageable, and
/// only the pages a chunk's candidates land on are ever touched.
template <class T>
struct HostArray {
  std::unique_ptr<T[]> owner;
  HostArray() = default;
  explicit HostArray(std::size_t n) : owner(n > 0 ? new T[n] : nullptr) {}
  [[nodiscard]] T* data() const { return owner.get(); }
};

/// One chunk in flight: its state and accumulators on the device, the
/// fixed-size accumulators' pinned host copies, the candidates' host copies.
struct ChunkBuffers {
  Stream stream;
  DeviceArray<double> state_doubles;
  DeviceArray<std::int32_t> state_ints;
  FixedArrays<false> device;
  FixedArrays<true> host;
  CandidateArrays<DeviceArray<double>, DeviceArray<std::uint64_t>> device_candidates;
  CandidateArrays<HostArray<double>, HostArray<std::uint64_t>> host_candidates;
  std::optional<std::uint64_t> in_flight;  // scenarios of the chunk running, if any

  ChunkBuffers(const StateShape& state, const ChunkShape& shape, std::size_t bins_total, std::uint32_t capacity)
      : state_doubles(state.doubles() * capacity),
        state_ints(state.ints() * capacity),
        device(shape, bins_total),
        host(shape, bins_total) {
    const std::size_t per_metric = static_cast<std::size_t>(shape.n_metrics) * capacity;
    const std::size_t payload = static_cast<std::size_t>(capacity) * shape.tail_width();
    device_candidates = {DeviceArray<double>(per_metric), DeviceArray<std::uint64_t>(per_metric),
                         DeviceArray<std::uint64_t>(per_metric), DeviceArray<double>(payload)};
    host_candidates = {HostArray<double>(per_metric), HostArray<std::uint64_t>(per_metric),
                       HostArray<std::uint64_t>(per_metric), HostArray<double>(payload)};
  }
};

/// 12080 -> "12.8".
std::string cuda_version_text(int version) {
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

}  // namespace

std::string cuda_device_count_problem(int status, int driver_version, int runtime_version) {
  const auto error = static_cast<cudaError_t>(status);
  if (error == cudaSuccess || error == cudaErrorNoDevice || driver_version == 0) return "";
  if (error == cudaErrorInsufficientDriver || driver_version < runtime_version) {
    return "the NVIDIA driver supports CUDA " + cuda_version_text(driver_version) + ", older than the CUDA " +
           cuda_version_text(runtime_version) +
           " this build needs: install a newer driver, or build with a CUDA toolkit the driver supports";
  }
  return std::string("cudaGetDeviceCount failed: ") + cudaGetErrorName(error) + ": " + cudaGetErrorString(error);
}

CudaDevices find_cuda_devices() {
  CudaDevices out;
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();  // not sticky: clear it for the calls that follow
    int driver = 0;
    cudaDriverGetVersion(&driver);
    out.problem = cuda_device_count_problem(status, driver, CUDART_VERSION);
    return out;
  }
  for (int d = 0; d < count; ++d) {
    cudaDeviceProp prop{};
    CP_CUDA_CHECK(cudaGetDeviceProperties(&prop, d));
    CudaDeviceInfo info;
    info.index = d;
    info.name = prop.name;
    info.compute_major = prop.major;
    info.compute_minor = prop.minor;
    info.total_memory = prop.totalGlobalMem;
    out.devices.push_back(info);
  }
  return out;
}

std::vector<CudaDeviceInfo> cuda_devices() { return find_cuda_devices().devices; }

struct CudaRunner::Impl {
  CudaDeviceInfo device;
  ModelView model;  // device pointers into `arrays`
  std::vector<DeviceArray<char>> arrays;
  StateShape state;
  ChunkShape shape;
  std::vector<std::int32_t> bin_offset;
  DeviceArray<std::int32_t> device_bin_offset;
  DeviceArray<std::uint8_t> device_whole;
  std::uint64_t seed = 0;
  bool accumulate = true;
  // Shared memory per block for its totals; 0 when they do not fit beside
  // kMinBlocksPerSm blocks per SM (the chunk's arrays take every atomic).
  std::size_t block_totals_bytes = 0;
  std::uint32_t max_chunk = 0;
  std::uint32_t capacity = 0;
  // The launch size the buffers were last sized for; with too little memory
  // for it, capacity is smaller, and asking again would not help.
  std::uint64_t reserved_for = 0;
  std::unique_ptr<ChunkBuffers> buffers[2];

  template <bool Pinned, class Candidates>
  [[nodiscard]] ChunkView view(const FixedArrays<Pinned>& f, const Candidates& c, const std::int32_t* offsets,
                               const std::uint8_t* whole) const {
    ChunkView v;
    v.n_metrics = shape.n_metrics;
    v.layout = shape.layout;
    v.weeks = shape.weeks;
    v.candidate_capacity = capacity;
    v.bin_offset = offsets;
    v.whole = whole;
    v.threshold = f.threshold.data();
    v.bins = f.bins.data();
    v.sum = f.sum.data();
    v.sum_sq = f.sum_sq.data();
    v.positive = f.positive.data();
    v.min_bits = f.min_bits.data();
    v.max_bits = f.max_bits.data();
    v.fan = f.fan.data();
    v.candidate_count = f.candidate_count.data();
    v.candidate_value = c.value.data();
    v.candidate_scenario = c.scenario.data();
    v.candidate_units = c.units.data();
    v.units_sq = f.units_sq.data();
    v.tail_payload = c.tail_payload.data();
    return v;
  }
  /// Point `model` at device copies of `host_model`'s arrays, reusing the
  /// allocations of the previous model's where the sizes agree.
  void mirror(const ModelView& host_model) {
    const bool first_model = arrays.empty();
    model = host_model;
    std::size_t k = 0;
    for_each_model_array(model, [this, &k](auto& pointer, std::size_t n) {
      using T = std::remove_const_t<std::remove_pointer_t<std::remove_reference_t<decltype(pointer)>>>;
      if (k == arrays.size()) arrays.emplace_back();
      if (arrays[k].size() != n * sizeof(T)) arrays[k] = DeviceArray<char>(n * sizeof(T));
      if (n > 0) CP_CUDA_CHECK(cudaMemcpy(arrays[k].data(), pointer, n * sizeof(T), cudaMemcpyHostToDevice));
      pointer = reinterpret_cast<const T*>(arrays[k].data());
      ++k;
    });
    const StateShape shape_now = StateShape::of(model);
    if (first_model) {
      // A tile's fields are addressed with 32-bit offsets (TileField).
      constexpr std::size_t kTileElements = std::size_t{1} << 32;
      if (std::max(shape_now.doubles(), shape_now.ints()) * kThreadsPerBlock >= kTileElements) {
        throw CudaError("the model's per-scenario state (" + std::to_string(shape_now.doubles()) +
                        " doubles) is too large for the CUDA backend's 32-bit tile offsets");
      }
      state = shape_now;
    } else if (!(shape_now == state)) {
      // The buffers hold states of the first model's shape; later models (the
      // points of an analysis) differ in numbers and supplier links only.
      throw CudaError("CudaRunner::set_model: the model's state differs in shape");
    }
  }

  [[nodiscard]] ChunkView device_view(const ChunkBuffers& b) const {
    return view(b.device, b.device_candidates, device_bin_offset.data(), device_whole.data());
  }
  [[nodiscard]] ChunkView host_view(const ChunkBuffers& b) const {
    return view(b.host, b.host_candidates, bin_offset.data(), shape.whole.data());
  }

  /// Device bytes per scenario slot for two chunks in flight.
  [[nodiscard]] std::size_t bytes_per_slot() const {
    return 2 * (state.doubles() * sizeof(double) + state.ints() * sizeof(std::int32_t) + chunk_candidate_bytes(shape, 1));
  }

  /// Buffers for launches of `count` scenarios (at most max_chunk and what
  /// the device's free memory allows): kept when they were sized for as
  /// many already, else replaced by larger ones.
  void reserve(std::uint64_t count) {
    std::uint64_t want = std::min<std::uint64_t>(count, max_chunk > 0 ? max_chunk : kMaxDeviceChunk);
    want = (want + kThreadsPerBlock - 1) / kThreadsPerBlock * kThreadsPerBlock;
    if (want <= reserved_for) return;
    for (auto& b : buffers) b.reset();  // their memory counts as free below
    capacity = 0;
    std::size_t free = 0;
    std::size_t total = 0;
    CP_CUDA_CHECK(cudaMemGetInfo(&free, &total));
    // Leave a tenth of free memory to the driver and other processes.
    const std::size_t fixed = 2 * chunk_fixed_bytes(shape);
    const std::size_t usable = free / 10 * 9 > fixed ? free / 10 * 9 - fixed : 0;
    const std::uint64_t fit = usable / bytes_per_slot() / kThreadsPerBlock * kThreadsPerBlock;
    auto chunk = static_cast<std::uint32_t>(std::min(want, fit));
    const std::uint32_t least = static_cast<std::uint32_t>(std::min<std::uint64_t>(kMinChunk, want));
    while (true) {
      if (chunk < least) {
        throw CudaError("CUDA device " + device.name + " has too little free memory for a chunk of " +
                        std::to_string(least) + " scenarios of this model (" + std::to_string(free >> 20) +
                        " MiB free, " + std::to_string(bytes_per_slot() / 2) + " bytes per scenario)");
      }
      try {
        for (auto& b : buffers) b = std::make_unique<ChunkBuffers>(state, shape, bin_offset.back(), chunk);
        capacity = chunk;
        reserved_for = want;
        return;
      } catch (const OutOfDeviceMemory&) {
        for (auto& b : buffers) b.reset();
        chunk = chunk / 2 / kThreadsPerBlock * kThreadsPerBlock;  // whole tiles
      }
    }
  }

  /// Reset the accumulators, copy thresholds in, launch, and queue the copies
  /// of everything but the candidate lists (whose lengths are not known yet).
  void launch(ChunkBuffers& b, std::uint64_t first, std::uint32_t count, const std::vector<double>& thresholds) {
    const cudaStream_t s = b.stream.get();
    std::copy(thresholds.begin(), thresholds.end(), b.host.threshold.data());
    copy_async(b.device.threshold.data(), b.host.threshold.data(), b.host.threshold.size(), cudaMemcpyHostToDevice, s);
    const auto fill = [s](const auto& v, int byte) {
      using T = std::remove_pointer_t<decltype(v.data())>;
      if (v.size() > 0) CP_CUDA_CHECK(cudaMemsetAsync(v.data(), byte, v.size() * sizeof(T), s));
    };
    fill(b.device.bins, 0);
    fill(b.device.sum, 0);
    fill(b.device.sum_sq, 0);
    fill(b.device.units_sq, 0);
    fill(b.device.positive, 0);
    fill(b.device.max_bits, 0);
    fill(b.device.fan, 0);
    fill(b.device.candidate_count, 0);
    // All bits set is above the bits of any double: the identity of min.
    fill(b.device.min_bits, 0xff);
    const unsigned blocks = (count + kThreadsPerBlock - 1) / kThreadsPerBlock;
    const auto kernel = block_totals_bytes > 0 ? simulate_chunk<true> : simulate_chunk<false>;
    kernel<<<blocks, kThreadsPerBlock, block_totals_bytes, s>>>(model, state, b.state_doubles.data(),
                                                                b.state_ints.data(), seed, first, count,
                                                                device_view(b), accumulate);
    CP_CUDA_CHECK(cudaGetLastError());
    const auto back = [s](const auto& host, const auto& device) {
      copy_async(host.data(), device.data(), device.size(), cudaMemcpyDeviceToHost, s);
    };
    back(b.host.bins, b.device.bins);
    back(b.host.sum, b.device.sum);
    back(b.host.sum_sq, b.device.sum_sq);
    back(b.host.units_sq, b.device.units_sq);
    back(b.host.positive, b.device.positive);
    back(b.host.min_bits, b.device.min_bits);
    back(b.host.max_bits, b.device.max_bits);
    back(b.host.fan, b.device.fan);
    back(b.host.candidate_count, b.device.candidate_count);
    b.in_flight = count;
  }

  /// Wait for a chunk, fetch its candidate lists and hand it to `merge`.
  void finish(ChunkBuffers& b, const MergeFn& merge) {
    const cudaStream_t s = b.stream.get();
    CP_CUDA_CHECK(cudaStreamSynchronize(s));
    const auto& from = b.device_candidates;
    const auto& to = b.host_candidates;
    for (std::size_t k = 0; k < b.host.candidate_count.size(); ++k) {
      const std::size_t n = b.host.candidate_count.data()[k];
      const std::size_t at = k * capacity;
      copy_async(to.value.data() + at, from.value.data() + at, n, cudaMemcpyDeviceToHost, s);
      copy_async(to.scenario.data() + at, from.scenario.data() + at, n, cudaMemcpyDeviceToHost, s);
      copy_async(to.units.data() + at, from.units.data() + at, n, cudaMemcpyDeviceToHost, s);
    }
    if (b.host.candidate_count.size() > 0) {
      copy_async(to.tail_payload.data(), from.tail_payload.data(), b.host.candidate_count.data()[0] * shape.tail_width(),
                 cudaMemcpyDeviceToHost, s);
    }
    CP_CUDA_CHECK(cudaStreamSynchronize(s));
    const std::uint64_t scenarios = *b.in_flight;
    b.in_flight.reset();
    merge(host_view(b), scenarios);
  }
};

CudaRunner::CudaRunner(const ModelView& host_model, const ChunkShape& shape, std::uint64_t seed, int device,
                       std::uint32_t max_chunk, bool accumulate)
    : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  const CudaDevices found = find_cuda_devices();
  if (device < 0 || device >= static_cast<int>(found.devices.size())) {
    if (!found.problem.empty()) throw CudaError(found.problem);
    throw CudaError(found.devices.empty() ? std::string("no CUDA device is available")
                                          : "CUDA device " + std::to_string(device) + " does not exist (" +
                                                std::to_string(found.devices.size()) + " found)");
  }
  d.device = found.devices[static_cast<std::size_t>(device)];
  CP_CUDA_CHECK(cudaSetDevice(device));
  d.mirror(host_model);
  d.shape = shape;
  d.bin_offset = shape.bin_offsets();
  d.device_bin_offset = DeviceArray<std::int32_t>(d.bin_offset.size());
  CP_CUDA_CHECK(cudaMemcpy(d.device_bin_offset.data(), d.bin_offset.data(), d.bin_offset.size() * sizeof(std::int32_t),
                           cudaMemcpyHostToDevice));
  d.device_whole = DeviceArray<std::uint8_t>(shape.whole.size());
  if (!shape.whole.empty()) {
    CP_CUDA_CHECK(cudaMemcpy(d.device_whole.data(), shape.whole.data(), shape.whole.size(), cudaMemcpyHostToDevice));
  }
  d.seed = seed;
  d.accumulate = accumulate;
  d.max_chunk = max_chunk;
  if (accumulate) {
    // The shared memory an SM has, less the 1 KiB the runtime reserves per
    // block, shared by kMinBlocksPerSm blocks, within the 48 KiB a block
    // gets without opting in.
    int per_sm = 0;
    CP_CUDA_CHECK(cudaDeviceGetAttribute(&per_sm, cudaDevAttrMaxSharedMemoryPerMultiprocessor, device));
    constexpr std::size_t kReservedPerBlock = 1024;
    constexpr std::size_t kDefaultBlockLimit = 48 * 1024;
    const std::size_t share = static_cast<std::size_t>(per_sm) / kMinBlocksPerSm;
    const std::size_t limit = std::min(kDefaultBlockLimit, share > kReservedPerBlock ? share - kReservedPerBlock : 0);
    const std::size_t bytes = BlockTotals::words(shape.n_metrics) * sizeof(std::uint64_t);
    d.block_totals_bytes = bytes <= limit ? bytes : 0;
  }
}

CudaRunner::~CudaRunner() = default;

void CudaRunner::set_model(const ModelView& host_model) {
  CP_CUDA_CHECK(cudaSetDevice(impl_->device.index));
  impl_->mirror(host_model);
}

std::uint32_t CudaRunner::chunk_capacity() const { return impl_->capacity; }

const CudaDeviceInfo& CudaRunner::device() const { return impl_->device; }

void CudaRunner::run(std::uint64_t first, std::uint64_t count, const ThresholdFn& thresholds, const MergeFn& merge) {
  if (count == 0) return;
  Impl& d = *impl_;
  CP_CUDA_CHECK(cudaSetDevice(d.device.index));
  d.reserve(count);
  std::size_t next = 0;  // buffer for the next launch
  for (std::uint64_t done = 0; done < count;) {
    const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(d.capacity, count - done));
    ChunkBuffers& b = *d.buffers[next];
    if (b.in_flight) d.finish(b, merge);  // its previous chunk, two launches ago
    d.launch(b, first + done, n, thresholds());
    // While this chunk runs, merge the one before it.
    ChunkBuffers& other = *d.buffers[1 - next];
    if (other.in_flight) d.finish(other, merge);
    done += n;
    next = 1 - next;
  }
  for (std::size_t i = 0; i < 2; ++i) {
    ChunkBuffers& b = *d.buffers[(next + i) % 2];
    if (b.in_flight) d.finish(b, merge);
  }
}

}  // namespace chokepoint
