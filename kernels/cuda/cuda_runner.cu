#include <cuda_runtime.h>  // first: Random123's nvcc support needs CUDART_VERSION
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

#include <algorithm>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../block_totals.hh"
#include "../chunk_bytes.hh"
#include "../chunk_sink.hh"
#include "../launch_plan.hh"
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

/// Where a piece of a launch sits: its tiles (blocks' worth of scenarios)
/// start at `first_tile`, its scenarios are `first`, `first` + 1, ...
struct DevicePiece {
  std::uint32_t first_tile;
  std::uint32_t count;
  std::uint64_t first;
};

/// Uninitialised shared memory for one T, which the block's first thread
/// fills: the views have default member initialisers, which a __shared__
/// variable may not have.
template <class T>
struct SharedCopy {
  alignas(T) unsigned char bytes[sizeof(T)];
  __device__ T& get() { return *reinterpret_cast<T*>(bytes); }
};

/// Where a launch's outputs go.
enum class Accumulation {
  kBlockTotals,  // a tile's totals in shared memory first (BlockTotals), flushed once per tile
  kGlobal,       // straight into the piece's arrays, aggregated per warp (when the totals do not fit)
  kDiscard,      // nowhere: benchmarks of the model alone
};

/// Launched with kThreadsPerBlock threads per block and at most as many
/// blocks as the device holds at once: each block owns one state tile and
/// walks the launch's tiles (tile, tile + gridDim.x, ...), so a launch of
/// many waves needs state for one wave only. Every tile belongs to one
/// piece; the block's first thread copies that piece's accumulator view
/// into shared memory. The model is one per launch and a kernel parameter:
/// its fields are constant-bank operands that take no registers (ptxas for
/// sm_90, docs/GPU.md: from shared memory, the model spilled 450 bytes at
/// 80 registers). With kBlockTotals the launch gives each block
/// BlockTotals::words(n_metrics) words of dynamic shared memory: a tile's
/// scenarios add their sums, positive counts and extremes there and the
/// block flushes them once per tile, so the piece's arrays take one atomic
/// per tile and element instead of one per warp. Every thread of a block
/// reaches every barrier (no early return). One instantiation per
/// accumulation, so that none carries another's sink.
template <Accumulation kAccumulation>
__global__ void __launch_bounds__(kThreadsPerBlock, kMinBlocksPerSm)
    simulate_pieces(ModelView model, const DevicePiece* pieces, std::uint32_t n_pieces, std::uint32_t tiles,
                    const ChunkView* views, StateShape shape, double* doubles, std::int32_t* ints,
                    std::uint64_t seed) {
  constexpr bool kBlockTotals = kAccumulation == Accumulation::kBlockTotals;
  __shared__ SharedCopy<ChunkView> acc;
  __shared__ SharedCopy<DevicePiece> piece;
  const std::size_t own = static_cast<std::size_t>(blockIdx.x) * kThreadsPerBlock;
  const TiledState state = state_slot<kThreadsPerBlock>(shape, doubles + own * shape.doubles(),
                                                        ints + own * shape.ints(), kThreadsPerBlock, threadIdx.x);
  for (std::uint32_t tile = blockIdx.x; tile < tiles; tile += gridDim.x) {
    if (threadIdx.x == 0) {
      // The last piece starting at or before the tile (pieces are in tile order).
      std::uint32_t lo = 0;
      std::uint32_t hi = n_pieces;
      while (hi - lo > 1) {
        const std::uint32_t mid = (lo + hi) / 2;
        if (pieces[mid].first_tile <= tile) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      piece.get() = pieces[lo];
      if constexpr (kAccumulation != Accumulation::kDiscard) acc.get() = views[lo];
    }
    __syncthreads();
    if constexpr (kBlockTotals) {
      block_totals_of(acc.get()).reset(threadIdx.x, kThreadsPerBlock);
      __syncthreads();
    }
    const std::uint32_t slot = (tile - piece.get().first_tile) * kThreadsPerBlock + threadIdx.x;
    if (slot < piece.get().count) {
      const std::uint64_t scenario = piece.get().first + slot;
      if constexpr (kBlockTotals) {
        const BlockChunkSink sink{acc.get()};
        simulate_scenario(model, state, seed, scenario, sink);
      } else if constexpr (kAccumulation == Accumulation::kGlobal) {
        const ChunkSink<CudaAtomics> sink{acc.get()};
        simulate_scenario(model, state, seed, scenario, sink);
      } else {
        const DiscardSink sink;
        simulate_scenario(model, state, seed, scenario, sink);
      }
    }
    if constexpr (kBlockTotals) {
      __syncthreads();
      block_totals_of(acc.get()).flush<FlushAtomics>(acc.get(), threadIdx.x, kThreadsPerBlock);
    }
    __syncthreads();  // all done with this tile's piece before the first thread replaces it
  }
}

using PiecesKernel = void (*)(ModelView, const DevicePiece*, std::uint32_t, std::uint32_t, const ChunkView*, StateShape,
                             double*, std::int32_t*, std::uint64_t);

PiecesKernel pieces_kernel(Accumulation accumulation) {
  switch (accumulation) {
    case Accumulation::kBlockTotals:
      return simulate_pieces<Accumulation::kBlockTotals>;
    case Accumulation::kGlobal:
      return simulate_pieces<Accumulation::kGlobal>;
    case Accumulation::kDiscard:
      break;
  }
  return simulate_pieces<Accumulation::kDiscard>;
}

constexpr std::uint32_t kMinLaunch = 1024;

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

/// The fixed-size accumulators (they do not grow with the scenarios) of
/// up to `pieces` pieces, piece after piece in each array, in one kind of
/// memory.
template <bool Pinned>
struct FixedArrays {
  CudaArray<double, Pinned> threshold;
  CudaArray<std::uint64_t, Pinned> bins, positive, min_bits, max_bits, fan;
  CudaArray<std::int64_t, Pinned> sum, sum_sq, units_sq;
  CudaArray<std::uint32_t, Pinned> candidate_count;

  FixedArrays(const ChunkShape& shape, std::size_t bins_total, std::size_t pieces) {
    const auto n = static_cast<std::size_t>(shape.n_metrics);
    threshold = CudaArray<double, Pinned>(pieces * n);
    bins = CudaArray<std::uint64_t, Pinned>(pieces * bins_total);
    positive = CudaArray<std::uint64_t, Pinned>(pieces * n);
    min_bits = CudaArray<std::uint64_t, Pinned>(pieces * n);
    max_bits = CudaArray<std::uint64_t, Pinned>(pieces * n);
    fan = CudaArray<std::uint64_t, Pinned>(pieces * shape.fan_size());
    sum = CudaArray<std::int64_t, Pinned>(pieces * n * ExactSum::kLimbs);
    sum_sq = CudaArray<std::int64_t, Pinned>(pieces * n * ExactSum::kLimbs);
    units_sq = CudaArray<std::int64_t, Pinned>(pieces * ExactSum::kLimbs);
    candidate_count = CudaArray<std::uint32_t, Pinned>(pieces * n);
  }
};

/// A launch's candidate lists (per piece and output, up to one per
/// scenario) and the tail payloads of loss_total's candidates: a piece in
/// launch slots [slot, slot + count) owns elements [slot x n_metrics,
/// (slot + count) x n_metrics) and payload rows [slot, slot + count).
template <class Double, class Uint64>
struct CandidateArrays {
  Double value;
  Uint64 scenario, units;
  Double tail_payload;
};

/// Uninitialised host memory for the candidates copied back: pageable, and
/// only the pages a launch's candidates land on are ever touched.
template <class T>
struct HostArray {
  std::unique_ptr<T[]> owner;
  HostArray() = default;
  explicit HostArray(std::size_t n) : owner(n > 0 ? new T[n] : nullptr) {}
  [[nodiscard]] T* data() const { return owner.get(); }
};

/// A piece of a launch in flight: which item it is, its scenarios, and
/// where its candidate lists start.
struct PieceInFlight {
  std::size_t item;
  std::uint64_t count;
  std::uint64_t slot;
};

/// One launch in flight: its state (one wave's blocks) and accumulators on
/// the device, the fixed-size accumulators' pinned host copies, the
/// candidates' host copies, and the pieces' descriptions and views.
struct LaunchBuffers {
  Stream stream;
  DeviceArray<double> state_doubles;
  DeviceArray<std::int32_t> state_ints;
  FixedArrays<false> device;
  FixedArrays<true> host;
  CandidateArrays<DeviceArray<double>, DeviceArray<std::uint64_t>> device_candidates;
  CandidateArrays<HostArray<double>, HostArray<std::uint64_t>> host_candidates;
  DeviceArray<DevicePiece> device_pieces;
  PinnedArray<DevicePiece> host_pieces;
  DeviceArray<ChunkView> device_views;
  PinnedArray<ChunkView> host_views;
  std::vector<PieceInFlight> in_flight;  // the pieces of the launch running, if any

  LaunchBuffers(const StateShape& state, const ChunkShape& shape, std::size_t bins_total, std::uint32_t capacity,
                std::uint32_t state_slots, std::uint32_t pieces)
      : state_doubles(state.doubles() * state_slots),
        state_ints(state.ints() * state_slots),
        device(shape, bins_total, pieces),
        host(shape, bins_total, pieces),
        device_pieces(pieces),
        host_pieces(pieces),
        device_views(pieces),
        host_views(pieces) {
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

/// A loaded model's arrays on the device.
struct DeviceModel {
  ModelView view;  // device pointers into `arrays`
  std::vector<DeviceArray<char>> arrays;

  /// Mirror `host`, reusing the allocations of the model mirrored here
  /// before where the sizes agree.
  void mirror(const ModelView& host) {
    view = host;
    mirror_model_arrays(
        view, arrays, [](const DeviceArray<char>& a) { return a.size(); },
        [](std::size_t bytes) { return DeviceArray<char>(bytes); }, [](const DeviceArray<char>& a) { return a.data(); },
        [](char* to, const char* from, std::size_t bytes) {
          CP_CUDA_CHECK(cudaMemcpy(to, from, bytes, cudaMemcpyHostToDevice));
        });
  }
};

/// Waves of the device's resident blocks a launch carries: the issue of a
/// launch, its memsets and its copies back are paid once per eight waves,
/// and the last wave's idle SMs are an eighth of a launch at most.
constexpr std::uint64_t kWavesPerLaunch = 8;

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
  std::vector<DeviceModel> models;
  StateShape state;
  ChunkShape shape;
  std::vector<std::int32_t> bin_offset;
  DeviceArray<std::int32_t> device_bin_offset;
  DeviceArray<std::uint8_t> device_whole;
  std::uint64_t seed = 0;
  Accumulation accumulation = Accumulation::kBlockTotals;
  // Shared memory per block for its totals (kBlockTotals only).
  std::size_t block_totals_bytes = 0;
  std::uint32_t resident_blocks = 0;  // blocks the device runs at once: a launch's grid at most
  std::uint64_t max_launch = 0;       // launch_scenarios()
  std::uint32_t capacity = 0;
  // The launch size the buffers were last sized for; with too little memory
  // for it, capacity is smaller, and asking again would not help.
  std::uint64_t reserved_for = 0;
  std::unique_ptr<LaunchBuffers> buffers[2];

  /// Piece `k` of a launch, in launch slots [slot, slot + count), over
  /// arrays `f` and `c`.
  template <bool Pinned, class Candidates>
  [[nodiscard]] ChunkView view(const FixedArrays<Pinned>& f, const Candidates& c, const std::int32_t* offsets,
                               const std::uint8_t* whole, std::size_t k, std::uint64_t slot,
                               std::uint64_t count) const {
    const auto n = static_cast<std::size_t>(shape.n_metrics);
    const auto bins_total = static_cast<std::size_t>(bin_offset.back());
    ChunkView v;
    v.n_metrics = shape.n_metrics;
    v.layout = shape.layout;
    v.weeks = shape.weeks;
    v.candidate_capacity = static_cast<std::uint32_t>(count);
    v.bin_offset = offsets;
    v.whole = whole;
    v.threshold = f.threshold.data() + k * n;
    v.bins = f.bins.data() + k * bins_total;
    v.sum = f.sum.data() + k * n * ExactSum::kLimbs;
    v.sum_sq = f.sum_sq.data() + k * n * ExactSum::kLimbs;
    v.positive = f.positive.data() + k * n;
    v.min_bits = f.min_bits.data() + k * n;
    v.max_bits = f.max_bits.data() + k * n;
    v.fan = f.fan.data() + k * shape.fan_size();
    v.candidate_count = f.candidate_count.data() + k * n;
    v.candidate_value = c.value.data() + slot * n;
    v.candidate_scenario = c.scenario.data() + slot * n;
    v.candidate_units = c.units.data() + slot * n;
    v.units_sq = f.units_sq.data() + k * ExactSum::kLimbs;
    v.tail_payload = c.tail_payload.data() + slot * shape.tail_width();
    return v;
  }

  /// Mirror `host_models`; every model's state must have the shape of the
  /// first model ever loaded (the buffers hold states of that shape).
  void load(const std::vector<ModelView>& host_models) {
    const bool first_load = models.empty();
    if (models.size() < host_models.size()) models.resize(host_models.size());
    for (std::size_t m = 0; m < host_models.size(); ++m) {
      models[m].mirror(host_models[m]);
      const StateShape shape_now = StateShape::of(host_models[m]);
      if (first_load && m == 0) {
        // A tile's fields are addressed with 32-bit offsets (TileField).
        constexpr std::size_t kTileElements = std::size_t{1} << 32;
        if (std::max(shape_now.doubles(), shape_now.ints()) * kThreadsPerBlock >= kTileElements) {
          throw CudaError("the model's per-scenario state (" + std::to_string(shape_now.doubles()) +
                          " doubles) is too large for the CUDA backend's 32-bit tile offsets");
        }
        state = shape_now;
      } else if (!(shape_now == state)) {
        // Later models (the points of an analysis) differ in numbers and supplier links only.
        throw CudaError("CudaRunner::load_models: a model's state differs in shape");
      }
    }
  }

  /// Device bytes per launch slot for two launches in flight (the
  /// candidate lists; the state is per resident block, counted apart).
  [[nodiscard]] std::size_t bytes_per_slot() const { return 2 * chunk_candidate_bytes(shape, 1); }
  /// Device bytes of one launch's state.
  [[nodiscard]] std::size_t state_bytes(std::uint32_t slots) const {
    return static_cast<std::size_t>(slots) * (state.doubles() * sizeof(double) + state.ints() * sizeof(std::int32_t));
  }
  /// State slots a launch of `launch` slots uses: its grid's blocks.
  [[nodiscard]] std::uint32_t state_slots(std::uint32_t launch) const {
    return std::min(launch / kThreadsPerBlock, resident_blocks) * kThreadsPerBlock;
  }

  /// Buffers for launches of `slots` slots (at most max_launch and what the
  /// device's free memory allows): kept when they were sized for as many
  /// already, else replaced by larger ones.
  void reserve(std::uint64_t slots) {
    std::uint64_t want = std::min<std::uint64_t>(slots, max_launch);
    want = piece_slots(want, kThreadsPerBlock);
    if (want <= reserved_for) return;
    for (auto& b : buffers) b.reset();  // their memory counts as free below
    capacity = 0;
    std::size_t free = 0;
    std::size_t total = 0;
    CP_CUDA_CHECK(cudaMemGetInfo(&free, &total));
    // Leave a tenth of free memory to the driver and other processes.
    const std::size_t fixed =
        2 * (kDeviceLaunchPieces * chunk_fixed_bytes(shape) + state_bytes(state_slots(static_cast<std::uint32_t>(want))));
    const std::size_t usable = free / 10 * 9 > fixed ? free / 10 * 9 - fixed : 0;
    const std::uint64_t fit = usable / bytes_per_slot() / kThreadsPerBlock * kThreadsPerBlock;
    auto launch = static_cast<std::uint32_t>(std::min(want, fit));
    const std::uint32_t least = static_cast<std::uint32_t>(std::min<std::uint64_t>(kMinLaunch, want));
    while (true) {
      if (launch < least) {
        throw CudaError("CUDA device " + device.name + " has too little free memory for a launch of " +
                        std::to_string(least) + " scenarios of this model (" + std::to_string(free >> 20) +
                        " MiB free, " + std::to_string(bytes_per_slot() / 2 + state_bytes(1)) + " bytes per scenario)");
      }
      try {
        for (auto& b : buffers) {
          b = std::make_unique<LaunchBuffers>(state, shape, bin_offset.back(), launch, state_slots(launch),
                                              kDeviceLaunchPieces);
        }
        capacity = launch;
        reserved_for = want;
        return;
      } catch (const OutOfDeviceMemory&) {
        for (auto& b : buffers) b.reset();
        launch = launch / 2 / kThreadsPerBlock * kThreadsPerBlock;  // whole tiles
      }
    }
  }

  /// Copy the pieces' thresholds, descriptions and views in, reset their
  /// accumulators, launch, and queue the copies of everything but the
  /// candidate lists (whose lengths are not known yet).
  void launch(LaunchBuffers& b, const DeviceModel& model, const std::vector<CudaWork>& items,
              const std::vector<std::size_t>& listed, const std::vector<LaunchPiece>& pieces,
              const ThresholdFn& thresholds) {
    const cudaStream_t s = b.stream.get();
    const auto n = static_cast<std::size_t>(shape.n_metrics);
    const std::size_t used = pieces.size();
    b.in_flight.clear();
    for (std::size_t k = 0; k < used; ++k) {
      const LaunchPiece& p = pieces[k];
      const std::size_t index = listed[p.item];  // the piece's item in `items`
      const CudaWork& item = items[index];
      const std::vector<double> t = thresholds(index);
      std::copy(t.begin(), t.end(), b.host.threshold.data() + k * n);
      b.host_pieces.data()[k] = DevicePiece{static_cast<std::uint32_t>(p.slot / kThreadsPerBlock),
                                            static_cast<std::uint32_t>(p.count), item.first + p.first};
      b.host_views.data()[k] = view(b.device, b.device_candidates, device_bin_offset.data(), device_whole.data(), k,
                                    p.slot, p.count);
      b.in_flight.push_back({index, p.count, p.slot});
    }
    copy_async(b.device.threshold.data(), b.host.threshold.data(), used * n, cudaMemcpyHostToDevice, s);
    copy_async(b.device_pieces.data(), b.host_pieces.data(), used, cudaMemcpyHostToDevice, s);
    copy_async(b.device_views.data(), b.host_views.data(), used, cudaMemcpyHostToDevice, s);
    const auto fill = [s, used](const auto& v, std::size_t part, int byte) {
      using T = std::remove_pointer_t<decltype(v.data())>;
      if (used * part > 0) CP_CUDA_CHECK(cudaMemsetAsync(v.data(), byte, used * part * sizeof(T), s));
    };
    const auto bins_total = static_cast<std::size_t>(bin_offset.back());
    fill(b.device.bins, bins_total, 0);
    fill(b.device.sum, n * ExactSum::kLimbs, 0);
    fill(b.device.sum_sq, n * ExactSum::kLimbs, 0);
    fill(b.device.units_sq, ExactSum::kLimbs, 0);
    fill(b.device.positive, n, 0);
    fill(b.device.max_bits, n, 0);
    fill(b.device.fan, shape.fan_size(), 0);
    fill(b.device.candidate_count, n, 0);
    // All bits set is above the bits of any double: the identity of min.
    fill(b.device.min_bits, n, 0xff);
    const LaunchPiece& last = pieces.back();
    const auto tiles = static_cast<std::uint32_t>((last.slot + piece_slots(last.count, kThreadsPerBlock)) / kThreadsPerBlock);
    const unsigned grid = std::min(tiles, resident_blocks);
    pieces_kernel(accumulation)<<<grid, kThreadsPerBlock, block_totals_bytes, s>>>(
        model.view, b.device_pieces.data(), static_cast<std::uint32_t>(used), tiles, b.device_views.data(), state,
        b.state_doubles.data(), b.state_ints.data(), seed);
    CP_CUDA_CHECK(cudaGetLastError());
    const auto back = [s, used](const auto& host, const auto& device, std::size_t part) {
      copy_async(host.data(), device.data(), used * part, cudaMemcpyDeviceToHost, s);
    };
    back(b.host.bins, b.device.bins, bins_total);
    back(b.host.sum, b.device.sum, n * ExactSum::kLimbs);
    back(b.host.sum_sq, b.device.sum_sq, n * ExactSum::kLimbs);
    back(b.host.units_sq, b.device.units_sq, ExactSum::kLimbs);
    back(b.host.positive, b.device.positive, n);
    back(b.host.min_bits, b.device.min_bits, n);
    back(b.host.max_bits, b.device.max_bits, n);
    back(b.host.fan, b.device.fan, shape.fan_size());
    back(b.host.candidate_count, b.device.candidate_count, n);
  }

  /// Wait for a launch, fetch its pieces' candidate lists and hand each
  /// piece to `merge`.
  void finish(LaunchBuffers& b, const MergeFn& merge) {
    const cudaStream_t s = b.stream.get();
    CP_CUDA_CHECK(cudaStreamSynchronize(s));
    const auto n = static_cast<std::size_t>(shape.n_metrics);
    const auto& from = b.device_candidates;
    const auto& to = b.host_candidates;
    for (std::size_t k = 0; k < b.in_flight.size(); ++k) {
      const PieceInFlight& p = b.in_flight[k];
      const std::uint32_t* counts = b.host.candidate_count.data() + k * n;
      for (std::size_t m = 0; m < n; ++m) {
        const std::size_t at = p.slot * n + m * p.count;
        copy_async(to.value.data() + at, from.value.data() + at, counts[m], cudaMemcpyDeviceToHost, s);
        copy_async(to.scenario.data() + at, from.scenario.data() + at, counts[m], cudaMemcpyDeviceToHost, s);
        copy_async(to.units.data() + at, from.units.data() + at, counts[m], cudaMemcpyDeviceToHost, s);
      }
      if (n > 0) {
        const std::size_t at = p.slot * shape.tail_width();
        copy_async(to.tail_payload.data() + at, from.tail_payload.data() + at, counts[0] * shape.tail_width(),
                   cudaMemcpyDeviceToHost, s);
      }
    }
    CP_CUDA_CHECK(cudaStreamSynchronize(s));
    const std::vector<PieceInFlight> pieces = std::move(b.in_flight);
    b.in_flight.clear();
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      merge(pieces[k].item, view(b.host, b.host_candidates, bin_offset.data(), shape.whole.data(), k, pieces[k].slot, pieces[k].count),
            pieces[k].count);
    }
  }
};

CudaRunner::CudaRunner(const ModelView& host_model, const ChunkShape& shape, std::uint64_t seed, int device,
                       std::uint32_t max_launch, bool accumulate)
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
  d.load({host_model});
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
  d.accumulation = accumulate ? Accumulation::kGlobal : Accumulation::kDiscard;
  if (accumulate) {
    // The shared memory an SM has, less the 1 KiB the runtime reserves per
    // block and the kernel's own shared copies, shared by kMinBlocksPerSm
    // blocks, within the 48 KiB a block gets without opting in.
    int per_sm = 0;
    CP_CUDA_CHECK(cudaDeviceGetAttribute(&per_sm, cudaDevAttrMaxSharedMemoryPerMultiprocessor, device));
    cudaFuncAttributes kernel{};
    CP_CUDA_CHECK(cudaFuncGetAttributes(&kernel, simulate_pieces<Accumulation::kBlockTotals>));
    const std::size_t reserved = 1024 + kernel.sharedSizeBytes;
    const std::size_t block_limit = 48 * 1024 - kernel.sharedSizeBytes;
    const std::size_t share = static_cast<std::size_t>(per_sm) / kMinBlocksPerSm;
    const std::size_t limit = std::min(block_limit, share > reserved ? share - reserved : 0);
    const std::size_t bytes = BlockTotals::words(shape.n_metrics) * sizeof(std::uint64_t);
    if (bytes <= limit) {
      d.accumulation = Accumulation::kBlockTotals;
      d.block_totals_bytes = bytes;
    }
  }
  // A launch's grid is the blocks the device holds at once; its tiles are
  // kWavesPerLaunch times as many unless a cap says fewer.
  int blocks_per_sm = 0;
  CP_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_sm, pieces_kernel(d.accumulation),
                                                              kThreadsPerBlock, d.block_totals_bytes));
  int sms = 0;
  CP_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  d.resident_blocks = static_cast<std::uint32_t>(std::max(1, blocks_per_sm) * std::max(1, sms));
  const std::uint64_t waves = kWavesPerLaunch * d.resident_blocks * kThreadsPerBlock;
  d.max_launch = piece_slots(std::min<std::uint64_t>(max_launch > 0 ? max_launch : waves, kMaxDeviceLaunch),
                             kThreadsPerBlock);
}

CudaRunner::~CudaRunner() = default;

void CudaRunner::load_models(const std::vector<ModelView>& host_models) {
  CP_CUDA_CHECK(cudaSetDevice(impl_->device.index));
  impl_->load(host_models);
}

std::uint32_t CudaRunner::chunk_capacity() const { return impl_->capacity; }

std::uint64_t CudaRunner::launch_scenarios() const { return impl_->max_launch; }

const CudaDeviceInfo& CudaRunner::device() const { return impl_->device; }

void CudaRunner::run(const std::vector<CudaWork>& items, const ThresholdFn& thresholds, const MergeFn& merge) {
  Impl& d = *impl_;
  // A launch runs one model (a kernel parameter): each model's items, in
  // order, are planned on their own.
  std::vector<std::vector<std::size_t>> by_model(d.models.size());
  std::uint64_t slots = 0;
  for (std::size_t k = 0; k < items.size(); ++k) {
    by_model.at(items[k].model).push_back(k);
    slots += piece_slots(items[k].count, kThreadsPerBlock);
  }
  if (slots == 0) return;
  CP_CUDA_CHECK(cudaSetDevice(d.device.index));
  d.reserve(slots);
  // A run that failed part-way left launches in flight whose items are gone.
  for (auto& b : d.buffers) b->in_flight.clear();
  const LaunchLimits limits{d.capacity, kDeviceLaunchPieces, d.capacity, kThreadsPerBlock};
  std::size_t next = 0;  // buffer for the next launch
  for (std::size_t m = 0; m < by_model.size(); ++m) {
    std::vector<std::uint64_t> counts;
    for (const std::size_t k : by_model[m]) counts.push_back(items[k].count);
    for (const std::vector<LaunchPiece>& pieces : plan_launches(counts, limits)) {
      LaunchBuffers& b = *d.buffers[next];
      if (!b.in_flight.empty()) d.finish(b, merge);  // its previous launch, two launches ago
      d.launch(b, d.models[m], items, by_model[m], pieces, thresholds);
      // While this launch runs, merge the one before it.
      LaunchBuffers& other = *d.buffers[1 - next];
      if (!other.in_flight.empty()) d.finish(other, merge);
      next = 1 - next;
    }
  }
  for (std::size_t i = 0; i < 2; ++i) {
    LaunchBuffers& b = *d.buffers[(next + i) % 2];
    if (!b.in_flight.empty()) d.finish(b, merge);
  }
}

}  // namespace chokepoint
