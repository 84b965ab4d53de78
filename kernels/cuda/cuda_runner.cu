#include <cuda_runtime.h>  // first: Random123's nvcc support needs CUDART_VERSION
#include <thrust/device_vector.h>
#include <thrust/system/cuda/vector.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <optional>
#include <string>

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

/// Atomic operations for ChunkSink; the host branch is never taken (the sink
/// only runs in kernels) but keeps the functions callable from __host__ __device__ code.
struct CudaAtomics {
  __host__ __device__ static void add(std::uint64_t* p, std::uint64_t v) {
#ifdef __CUDA_ARCH__
    atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
#else
    *p += v;
#endif
  }
  __host__ __device__ static void add(std::int64_t* p, std::int64_t v) {
#ifdef __CUDA_ARCH__
    // Two's complement: adding the unsigned image is adding the signed value.
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
  __host__ __device__ static std::uint32_t fetch_increment(std::uint32_t* p) {
#ifdef __CUDA_ARCH__
    return atomicAdd(p, 1u);
#else
    return (*p)++;
#endif
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

__global__ void simulate_chunk(ModelView model, StateShape shape, double* doubles, std::int32_t* ints,
                               std::uint32_t slots, std::uint64_t seed, std::uint64_t first, std::uint32_t count,
                               ChunkView acc, bool accumulate) {
  const std::uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const ScenarioState state = state_slot(shape, doubles, ints, slots, i);
  if (accumulate) {
    const ChunkSink<CudaAtomics> sink{acc};
    simulate_scenario(model, state, seed, first + i, sink);
  } else {
    DiscardSink sink;
    simulate_scenario(model, state, seed, first + i, sink);
  }
}

constexpr int kThreadsPerBlock = 128;
constexpr std::uint32_t kMinChunk = 1024;
constexpr std::uint32_t kMaxChunk = 1u << 24;

template <class T>
using PinnedVector = thrust::cuda::universal_host_pinned_vector<T>;

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

/// The plain pointer to a thrust vector's elements (device or pinned host).
template <class Vector>
auto raw(Vector& v) {
  return thrust::raw_pointer_cast(v.data());
}
template <class Vector>
auto raw(const Vector& v) {
  return thrust::raw_pointer_cast(v.data());
}

template <class T>
void copy_async(T* to, const T* from, std::size_t n, cudaMemcpyKind kind, cudaStream_t s) {
  if (n > 0) CP_CUDA_CHECK(cudaMemcpyAsync(to, from, n * sizeof(T), kind, s));
}

/// One chunk in flight: its state, its accumulators on the device and their
/// pinned host copies.
struct ChunkBuffers {
  Stream stream;
  thrust::device_vector<double> state_doubles;
  thrust::device_vector<std::int32_t> state_ints;
  thrust::device_vector<double> threshold;
  thrust::device_vector<std::uint64_t> bins, positive, min_bits, max_bits, fan, candidate_scenario, candidate_units;
  thrust::device_vector<std::int64_t> sum, sum_sq, units_sq;
  thrust::device_vector<std::uint32_t> candidate_count;
  thrust::device_vector<double> candidate_value, tail_payload;
  PinnedVector<double> host_threshold;
  PinnedVector<std::uint64_t> host_bins, host_positive, host_min_bits, host_max_bits, host_fan, host_candidate_scenario,
      host_candidate_units;
  PinnedVector<std::int64_t> host_sum, host_sum_sq, host_units_sq;
  PinnedVector<std::uint32_t> host_candidate_count;
  PinnedVector<double> host_candidate_value, host_tail_payload;
  std::optional<std::uint64_t> in_flight;  // scenarios of the chunk running, if any

  ChunkBuffers(const StateShape& state, const ChunkShape& shape, std::size_t bins_total, std::uint32_t capacity)
      : state_doubles(state.doubles() * capacity),
        state_ints(state.ints() * capacity),
        threshold(static_cast<std::size_t>(shape.n_metrics)),
        bins(bins_total),
        positive(static_cast<std::size_t>(shape.n_metrics)),
        min_bits(static_cast<std::size_t>(shape.n_metrics)),
        max_bits(static_cast<std::size_t>(shape.n_metrics)),
        fan(shape.fan_size()),
        candidate_scenario(static_cast<std::size_t>(shape.n_metrics) * capacity),
        candidate_units(static_cast<std::size_t>(shape.n_metrics) * capacity),
        sum(static_cast<std::size_t>(shape.n_metrics) * ExactSum::kLimbs),
        sum_sq(static_cast<std::size_t>(shape.n_metrics) * ExactSum::kLimbs),
        units_sq(ExactSum::kLimbs),
        candidate_count(static_cast<std::size_t>(shape.n_metrics)),
        candidate_value(static_cast<std::size_t>(shape.n_metrics) * capacity),
        tail_payload(static_cast<std::size_t>(capacity) * shape.tail_width()),
        host_threshold(threshold.size()),
        host_bins(bins.size()),
        host_positive(positive.size()),
        host_min_bits(min_bits.size()),
        host_max_bits(max_bits.size()),
        host_fan(fan.size()),
        host_candidate_scenario(candidate_scenario.size()),
        host_candidate_units(candidate_units.size()),
        host_sum(sum.size()),
        host_sum_sq(sum_sq.size()),
        host_units_sq(units_sq.size()),
        host_candidate_count(candidate_count.size()),
        host_candidate_value(candidate_value.size()),
        host_tail_payload(tail_payload.size()) {}
};

}  // namespace

std::vector<CudaDeviceInfo> cuda_devices() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // no driver or no device: clear the error, report none
    return {};
  }
  std::vector<CudaDeviceInfo> out;
  for (int d = 0; d < count; ++d) {
    cudaDeviceProp prop{};
    CP_CUDA_CHECK(cudaGetDeviceProperties(&prop, d));
    CudaDeviceInfo info;
    info.index = d;
    info.name = prop.name;
    info.compute_major = prop.major;
    info.compute_minor = prop.minor;
    info.total_memory = prop.totalGlobalMem;
    CP_CUDA_CHECK(cudaSetDevice(d));
    std::size_t free = 0;
    std::size_t total = 0;
    CP_CUDA_CHECK(cudaMemGetInfo(&free, &total));
    info.free_memory = free;
    out.push_back(info);
  }
  return out;
}

struct CudaRunner::Impl {
  CudaDeviceInfo device;
  ModelView model;  // device pointers into `arrays`
  std::vector<thrust::device_vector<char>> arrays;
  StateShape state;
  ChunkShape shape;
  std::vector<std::int32_t> bin_offset;
  thrust::device_vector<std::int32_t> device_bin_offset;
  thrust::device_vector<std::uint8_t> device_whole;
  std::uint64_t seed = 0;
  bool accumulate = true;
  std::uint32_t capacity = 0;
  std::unique_ptr<ChunkBuffers> buffers[2];

  [[nodiscard]] ChunkView device_view(ChunkBuffers& b) {
    ChunkView v;
    v.n_metrics = shape.n_metrics;
    v.layout = shape.layout;
    v.weeks = shape.weeks;
    v.candidate_capacity = capacity;
    v.bin_offset = raw(device_bin_offset);
    v.whole = raw(device_whole);
    v.threshold = raw(b.threshold);
    v.bins = raw(b.bins);
    v.sum = raw(b.sum);
    v.sum_sq = raw(b.sum_sq);
    v.positive = raw(b.positive);
    v.min_bits = raw(b.min_bits);
    v.max_bits = raw(b.max_bits);
    v.fan = raw(b.fan);
    v.candidate_count = raw(b.candidate_count);
    v.candidate_value = raw(b.candidate_value);
    v.candidate_scenario = raw(b.candidate_scenario);
    v.candidate_units = raw(b.candidate_units);
    v.units_sq = raw(b.units_sq);
    v.tail_payload = raw(b.tail_payload);
    return v;
  }

  [[nodiscard]] ChunkView host_view(ChunkBuffers& b) {
    ChunkView v;
    v.n_metrics = shape.n_metrics;
    v.layout = shape.layout;
    v.weeks = shape.weeks;
    v.candidate_capacity = capacity;
    v.bin_offset = bin_offset.data();
    v.whole = shape.whole.data();
    v.threshold = raw(b.host_threshold);
    v.bins = raw(b.host_bins);
    v.sum = raw(b.host_sum);
    v.sum_sq = raw(b.host_sum_sq);
    v.positive = raw(b.host_positive);
    v.min_bits = raw(b.host_min_bits);
    v.max_bits = raw(b.host_max_bits);
    v.fan = raw(b.host_fan);
    v.candidate_count = raw(b.host_candidate_count);
    v.candidate_value = raw(b.host_candidate_value);
    v.candidate_scenario = raw(b.host_candidate_scenario);
    v.candidate_units = raw(b.host_candidate_units);
    v.units_sq = raw(b.host_units_sq);
    v.tail_payload = raw(b.host_tail_payload);
    return v;
  }

  /// Bytes per scenario slot for two chunks in flight.
  [[nodiscard]] std::size_t bytes_per_slot() const {
    const std::size_t n = static_cast<std::size_t>(shape.n_metrics);
    return 2 * (state.doubles() * sizeof(double) + state.ints() * sizeof(std::int32_t) +
                n * (sizeof(double) + 2 * sizeof(std::uint64_t)) + shape.tail_width() * sizeof(double));
  }

  void allocate(std::uint32_t max_chunk) {
    std::size_t free = 0;
    std::size_t total = 0;
    CP_CUDA_CHECK(cudaMemGetInfo(&free, &total));
    const std::size_t fixed = 2 * (static_cast<std::size_t>(bin_offset.back()) + shape.fan_size()) * sizeof(std::uint64_t);
    const std::size_t usable = free / 10 * 7 > fixed ? free / 10 * 7 - fixed : 0;
    std::size_t fit = usable / bytes_per_slot();
    if (max_chunk > 0) fit = std::min<std::size_t>(fit, max_chunk);
    fit = std::min<std::size_t>(fit, kMaxChunk);
    auto chunk = static_cast<std::uint32_t>(fit / kThreadsPerBlock * kThreadsPerBlock);
    while (true) {
      if (chunk < std::min(kMinChunk, max_chunk > 0 ? max_chunk : kMinChunk)) {
        throw CudaError("CUDA device " + device.name + " has too little free memory for a chunk of " +
                        std::to_string(kMinChunk) + " scenarios of this model (" +
                        std::to_string(free >> 20) + " MiB free)");
      }
      try {
        capacity = chunk;
        for (auto& b : buffers) b = std::make_unique<ChunkBuffers>(state, shape, bin_offset.back(), chunk);
        return;
      } catch (const std::bad_alloc&) {
        // Out of device memory (thrust reports it as bad_alloc): halve and retry.
        for (auto& b : buffers) b.reset();
        cudaGetLastError();
        chunk /= 2;
      }
    }
  }

  /// Reset the accumulators, copy thresholds in, launch, and queue the copies
  /// of everything but the candidate lists (whose lengths are not known yet).
  void launch(ChunkBuffers& b, std::uint64_t first, std::uint32_t count, const std::vector<double>& thresholds) {
    const cudaStream_t s = b.stream.get();
    std::copy(thresholds.begin(), thresholds.end(), raw(b.host_threshold));
    copy_async(raw(b.threshold), raw(b.host_threshold), b.host_threshold.size(), cudaMemcpyHostToDevice, s);
    const auto zero = [s](auto& v) {
      using T = typename std::decay_t<decltype(v)>::value_type;
      if (!v.empty()) CP_CUDA_CHECK(cudaMemsetAsync(raw(v), 0, v.size() * sizeof(T), s));
    };
    zero(b.bins);
    zero(b.sum);
    zero(b.sum_sq);
    zero(b.units_sq);
    zero(b.positive);
    zero(b.max_bits);
    zero(b.fan);
    zero(b.candidate_count);
    // All bits set is above the bits of any double: the identity of min.
    CP_CUDA_CHECK(cudaMemsetAsync(raw(b.min_bits), 0xff,
                                  b.min_bits.size() * sizeof(std::uint64_t), s));
    const unsigned blocks = (count + kThreadsPerBlock - 1) / kThreadsPerBlock;
    simulate_chunk<<<blocks, kThreadsPerBlock, 0, s>>>(model, state, raw(b.state_doubles),
                                                        raw(b.state_ints), capacity, seed,
                                                        first, count, device_view(b), accumulate);
    CP_CUDA_CHECK(cudaGetLastError());
    const auto back = [s](auto& host, const auto& device) {
      copy_async(raw(host), raw(device), device.size(), cudaMemcpyDeviceToHost, s);
    };
    back(b.host_bins, b.bins);
    back(b.host_sum, b.sum);
    back(b.host_sum_sq, b.sum_sq);
    back(b.host_units_sq, b.units_sq);
    back(b.host_positive, b.positive);
    back(b.host_min_bits, b.min_bits);
    back(b.host_max_bits, b.max_bits);
    back(b.host_fan, b.fan);
    back(b.host_candidate_count, b.candidate_count);
    b.in_flight = count;
  }

  /// Wait for a chunk, fetch its candidate lists and hand it to `merge`.
  void finish(ChunkBuffers& b, const MergeFn& merge) {
    const cudaStream_t s = b.stream.get();
    CP_CUDA_CHECK(cudaStreamSynchronize(s));
    for (std::size_t k = 0; k < b.host_candidate_count.size(); ++k) {
      const std::size_t n = b.host_candidate_count[k];
      const std::size_t at = k * capacity;
      copy_async(raw(b.host_candidate_value) + at, raw(b.candidate_value) + at, n, cudaMemcpyDeviceToHost, s);
      copy_async(raw(b.host_candidate_scenario) + at, raw(b.candidate_scenario) + at, n, cudaMemcpyDeviceToHost, s);
      copy_async(raw(b.host_candidate_units) + at, raw(b.candidate_units) + at, n, cudaMemcpyDeviceToHost, s);
    }
    if (!b.host_candidate_count.empty()) {
      copy_async(raw(b.host_tail_payload), raw(b.tail_payload), b.host_candidate_count[0] * shape.tail_width(),
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
  const auto devices = cuda_devices();
  if (device < 0 || device >= static_cast<int>(devices.size())) {
    throw CudaError(devices.empty() ? std::string("no CUDA device is available")
                                    : "CUDA device " + std::to_string(device) + " does not exist (" +
                                          std::to_string(devices.size()) + " found)");
  }
  d.device = devices[static_cast<std::size_t>(device)];
  CP_CUDA_CHECK(cudaSetDevice(device));
  d.model = host_model;
  for_each_model_array(d.model, [&d](auto& pointer, std::size_t n) {
    using T = std::remove_const_t<std::remove_pointer_t<std::remove_reference_t<decltype(pointer)>>>;
    thrust::device_vector<char> bytes(n * sizeof(T));
    if (n > 0) {
      CP_CUDA_CHECK(cudaMemcpy(raw(bytes), pointer, n * sizeof(T), cudaMemcpyHostToDevice));
    }
    pointer = reinterpret_cast<const T*>(raw(bytes));
    d.arrays.push_back(std::move(bytes));
  });
  d.state = StateShape::of(d.model);
  d.shape = shape;
  d.bin_offset = shape.bin_offsets();
  d.device_bin_offset = thrust::device_vector<std::int32_t>(d.bin_offset.begin(), d.bin_offset.end());
  d.device_whole = thrust::device_vector<std::uint8_t>(shape.whole.begin(), shape.whole.end());
  d.seed = seed;
  d.accumulate = accumulate;
  d.allocate(max_chunk);
  d.shape.candidate_capacity = d.capacity;
}

CudaRunner::~CudaRunner() = default;

std::uint32_t CudaRunner::chunk_capacity() const { return impl_->capacity; }

const CudaDeviceInfo& CudaRunner::device() const { return impl_->device; }

void CudaRunner::run(std::uint64_t first, std::uint64_t count, const ThresholdFn& thresholds, const MergeFn& merge) {
  Impl& d = *impl_;
  CP_CUDA_CHECK(cudaSetDevice(d.device.index));
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
