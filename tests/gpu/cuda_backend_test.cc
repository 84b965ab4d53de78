// The CUDA backend against the CPU engine, byte for byte. Needs a GPU: every
// such test skips with the reason when none is usable, or fails with it when
// CHOKEPOINT_REQUIRE_GPU=1 (CTest label "gpu"; scripts/gpu-check sets it and
// runs them on a machine with one). The CudaDeviceProblem tests need none.
#include <cuda.h>  // types only
#include <dlfcn.h>
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "cuda/cuda_runner.hh"
#include "importance.hh"
#include "study_state_file.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

/// Why the GPU tests cannot run here; empty when a device is usable.
std::string gpu_unavailable() {
  const CudaDevices found = find_cuda_devices();
  if (!found.devices.empty()) return "";
  return found.problem.empty() ? "no CUDA device is visible" : found.problem;
}

bool gpu_required() {
  const char* value = std::getenv("CHOKEPOINT_REQUIRE_GPU");
  return value != nullptr && std::string(value) == "1";
}

// A macro: GTEST_SKIP and GTEST_FAIL return from the test body.
#define CP_NEEDS_GPU()                                                              \
  if (const std::string why = gpu_unavailable(); !why.empty()) {                    \
    if (gpu_required()) GTEST_FAIL() << "CHOKEPOINT_REQUIRE_GPU=1: " << why;        \
    GTEST_SKIP() << why;                                                            \
  }

std::string results(const std::string& file, const std::string& stress, std::uint64_t n, const BackendOptions& backend,
                    std::size_t top_k = 0, const std::string& importance = "", std::uint64_t batches = kDefaultBatches) {
  const LoadedScenario loaded = load_scenario(test::source_path("scenarios/" + file));
  const StressTest* forced = nullptr;
  for (const StressTest& t : loaded.scenario.stress_tests) {
    if (t.id == stress) forced = &t;
  }
  CompiledModel model = CompiledModel::compile(loaded.scenario, forced);
  model.set_importance(importance_factors(importance, loaded.scenario, model));
  StudyOptions options;
  options.scenarios = n;
  options.seed = 2026;
  options.top_k = top_k;
  options.batches = batches;
  options.backend = backend;
  return test::results_json_text(model, loaded.scenario, options);
}

BackendOptions cpu() {
  BackendOptions b;
  b.name = "cpu";
  return b;
}

BackendOptions cuda(std::uint32_t max_chunk = 0) {
  BackendOptions b;
  b.name = "cuda";
  b.max_device_chunk = max_chunk;
  return b;
}

TEST(CudaBackend, MatchesCpuOnTheDemoModel) {
  CP_NEEDS_GPU();
  EXPECT_EQ(results("demo.json", "", 200000, cpu()), results("demo.json", "", 200000, cuda()));
}

TEST(CudaBackend, MatchesCpuWithManySmallLaunches) {
  // Launches of 1,024 scenarios: both streams busy, thresholds updated
  // between launches.
  CP_NEEDS_GPU();
  EXPECT_EQ(results("demo.json", "", 50000, cpu(), 40), results("demo.json", "", 50000, cuda(1024), 40));
}

TEST(CudaBackend, MatchesCpuWithManyBatchesPerLaunch) {
  // 64 batches of 3,125: a call spans eight of them, a launch of 8,192
  // scenarios holds pieces of up to three, and batches are cut mid-way.
  CP_NEEDS_GPU();
  EXPECT_EQ(results("demo.json", "", 200000, cpu(), 0, "", 64), results("demo.json", "", 200000, cuda(8192), 0, "", 64));
}

TEST(CudaBackend, MatchesCpuOnTheCoupledModelWithAStressTest) {
  CP_NEEDS_GPU();
  EXPECT_EQ(results("strategic_industries.json", "combined_crisis", 20000, cpu()),
            results("strategic_industries.json", "combined_crisis", 20000, cuda()));
}

TEST(CudaBackend, MatchesCpuWithImportanceSampling) {
  // Weighted counts, candidate units and the sum of squared units.
  CP_NEEDS_GPU();
  EXPECT_EQ(results("demo.json", "", 100000, cpu(), 0, "auto"), results("demo.json", "", 100000, cuda(), 0, "auto"));
}

TEST(CudaBackend, DescribesTheDevice) {
  CP_NEEDS_GPU();
  const auto devices = cuda_devices();
  EXPECT_FALSE(devices[0].name.empty());
  EXPECT_GE(devices[0].compute_major, 7);
  EXPECT_GT(devices[0].total_memory, std::size_t{1} << 30);
}

TEST(CudaBackend, BuffersAreSizedFromTheWorkAndReused) {
  // Whole blocks of 128 threads per item for the largest work list run so
  // far, no more: memory follows the work, not the device's free memory.
  CP_NEEDS_GPU();
  const LoadedScenario loaded = load_scenario(test::source_path("scenarios/demo.json"));
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  const AccumulatorShape shape = AccumulatorShape::of(model, 64);
  CudaRunner runner(model.view(), shape.chunk_shape(0), 1, 0, 0, true);
  EXPECT_EQ(runner.chunk_capacity(), 0u);
  EXPECT_GE(runner.launch_scenarios(), 8u * 128u);  // eight waves of at least one block
  std::uint64_t merged = 0;
  const auto thresholds = [&shape](std::size_t) { return std::vector<double>(shape.kinds.size(), 0.0); };
  const auto merge = [&merged](std::size_t, const ChunkView&, std::uint64_t scenarios) { merged += scenarios; };
  const auto run = [&](const std::vector<CudaWork>& items) { runner.run(items, thresholds, merge); };
  run({{0, 0, 5000}});
  EXPECT_EQ(runner.chunk_capacity(), 5120u);  // 40 blocks
  run({{0, 5000, 3000}});
  EXPECT_EQ(runner.chunk_capacity(), 5120u);  // kept
  run({{0, 8000, 20000}});
  EXPECT_EQ(runner.chunk_capacity(), 20096u);  // 157 blocks
  run({{0, 28000, 20000}, {0, 48000, 300}});
  EXPECT_EQ(runner.chunk_capacity(), 20480u);  // 157 + 3 blocks: each item starts on a whole block
  EXPECT_EQ(merged, 48300u);
}

TEST(CudaBackend, AGroupOfPointsInSharedLaunchesMatchesTheCpu) {
  // Three models of one shape in one work list, each point's ranges into
  // its own accumulator, in launches of 2,048 scenarios (the three points'
  // pieces share launches, some cut mid-range): each accumulator holds the
  // CPU's bytes.
  CP_NEEDS_GPU();
  const std::string path = test::source_path("scenarios/demo.json");
  const LoadedScenario loaded = load_scenario(path);
  std::vector<CompiledModel> models;
  models.reserve(3);
  for (const char* policy : {"", "ecu_second_source", "photoresist_stockpile"}) {
    models.push_back(CompiledModel::compile(scenario_with_policy(loaded, policy)));
  }
  const AccumulatorShape shape = AccumulatorShape::of(models[0], 200);
  const auto accumulate = [&](BackendOptions options) {
    options.seed = 3;
    const auto backend = make_backend(models[0], shape, options);
    backend->load_points({&models[0], &models[1], &models[2]});
    std::vector<StudyAccumulator> into(3, StudyAccumulator(shape));
    std::vector<PointWork> work;
    for (std::uint64_t first = 0; first < 6000; first += 3000) {
      for (std::size_t p = 0; p < 3; ++p) work.push_back({p, first, 3000, &into[p]});
    }
    backend->run_points(work);
    std::vector<std::string> bytes;
    for (const StudyAccumulator& a : into) bytes.push_back(encode_state_body(a, BatchStatistics{}, nullptr));
    return bytes;
  };
  const std::vector<std::string> on_cpu = accumulate(cpu());
  EXPECT_EQ(on_cpu, accumulate(cuda(2048)));
  EXPECT_NE(on_cpu[0], on_cpu[1]);
  EXPECT_NE(on_cpu[0], on_cpu[2]);
}

TEST(CudaBackend, OneRunnerForManyRangesMatchesTheCpu) {
  // A backend reused across calls (as the benchmark reuses it) gives the
  // CPU's bytes: no state or accumulator survives from one call to the next.
  CP_NEEDS_GPU();
  const LoadedScenario loaded = load_scenario(test::source_path("scenarios/demo.json"));
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  const AccumulatorShape shape = AccumulatorShape::of(model, 100);
  BackendOptions options = cuda();
  options.seed = 5;
  const auto backend = make_backend(model, shape, options);
  StudyAccumulator on_gpu(shape);
  for (std::uint64_t first = 0; first < 30000; first += 10000) backend->run(first, 10000, on_gpu);
  BackendOptions cpu_options = cpu();
  cpu_options.seed = 5;
  StudyAccumulator on_cpu(shape);
  make_backend(model, shape, cpu_options)->run(0, 30000, on_cpu);
  // The state-file encoding holds every count, sum, extreme and top-K entry.
  EXPECT_EQ(encode_state_body(on_cpu, BatchStatistics{}, nullptr), encode_state_body(on_gpu, BatchStatistics{}, nullptr));
}

TEST(CudaDevices, ListingCreatesNoContext) {
  // find_cuda_devices reads properties only: no device's primary context
  // exists afterwards (a context per device and rank would take devices from
  // other processes, and fails in EXCLUSIVE_PROCESS mode). Needs a process
  // in which nothing used CUDA before: ctest runs each test in its own, and
  // scripts/gpu-check runs this one as a step of its own.
  CP_NEEDS_GPU();
  const CudaDevices found = find_cuda_devices();
  // The driver API from the driver itself: linking libcuda would stop the
  // tests from loading on machines without a driver, where they must skip.
  void* driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(driver, nullptr) << dlerror();
  const auto init = reinterpret_cast<CUresult (*)(unsigned)>(dlsym(driver, "cuInit"));
  const auto device_get = reinterpret_cast<CUresult (*)(CUdevice*, int)>(dlsym(driver, "cuDeviceGet"));
  const auto context_state =
      reinterpret_cast<CUresult (*)(CUdevice, unsigned*, int*)>(dlsym(driver, "cuDevicePrimaryCtxGetState"));
  ASSERT_TRUE(init != nullptr && device_get != nullptr && context_state != nullptr);
  ASSERT_EQ(init(0), CUDA_SUCCESS);
  for (const CudaDeviceInfo& d : found.devices) {
    CUdevice device = 0;
    ASSERT_EQ(device_get(&device, d.index), CUDA_SUCCESS);
    unsigned flags = 0;
    int active = 1;
    ASSERT_EQ(context_state(device, &flags, &active), CUDA_SUCCESS);
    EXPECT_EQ(active, 0) << "device " << d.index << " (" << d.name << ") has a context after listing";
  }
}

TEST(CudaBackend, ADeviceThatFailsExitsOneNotTwo) {
  // A device that is there but fails (here: its memory held by this
  // process, so the run's context or buffers do not fit) is not a usage
  // error: exit status 1 and "error: --backend cuda: " with CUDA's words,
  // whether it fails while the backend is set up or while it runs.
  CP_NEEDS_GPU();
  std::size_t free = 0;
  std::size_t total = 0;
  ASSERT_EQ(cudaMemGetInfo(&free, &total), cudaSuccess);
  void* held = nullptr;
  for (std::size_t leave = std::size_t{16} << 20; held == nullptr && leave < free; leave *= 2) {
    if (cudaMalloc(&held, free - leave) != cudaSuccess) {
      held = nullptr;
      cudaGetLastError();
    }
  }
  ASSERT_NE(held, nullptr) << "could not hold the device's memory";
  const std::string out = test::temp_dir("cuda_fails");
  const auto r = test::run_cli("run " + test::source_path("scenarios/demo.json") + " -n 100000 --backend cuda --out " +
                               out + "/results");
  cudaFree(held);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.err.rfind("error: --backend cuda: ", 0), 0u) << r.err;
}

// What cudaGetDeviceCount's failures are reported as (no GPU needed).
TEST(CudaDeviceProblem, NoDriverAndNoDeviceAreNotFaults) {
  EXPECT_EQ(cuda_device_count_problem(cudaErrorInsufficientDriver, 0, 13000), "");
  EXPECT_EQ(cuda_device_count_problem(cudaErrorNoDevice, 13000, 13000), "");
}

TEST(CudaDeviceProblem, ADriverOlderThanTheToolkitSaysBothVersions) {
  EXPECT_EQ(cuda_device_count_problem(cudaErrorInsufficientDriver, 12020, 13000),
            "the NVIDIA driver supports CUDA 12.2, older than the CUDA 13.0 this build needs: install a newer "
            "driver, or build with a CUDA toolkit the driver supports");
}

TEST(CudaDeviceProblem, OtherFailuresAreNamed) {
  const std::string problem = cuda_device_count_problem(cudaErrorDevicesUnavailable, 13000, 13000);
  EXPECT_EQ(problem.rfind("cudaGetDeviceCount failed: cudaErrorDevicesUnavailable: ", 0), 0u) << problem;
}

}  // namespace
}  // namespace chokepoint
