// The CUDA backend against the CPU engine, byte for byte. Needs a GPU: every
// test skips with the reason when none is visible (CTest label "gpu";
// scripts/gpu-check runs them on a machine with one).
#include <gtest/gtest.h>

#include "cuda/cuda_runner.hh"
#include "importance.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

bool have_gpu() { return !cuda_devices().empty(); }

std::string results(const std::string& file, const std::string& stress, std::uint64_t n, const BackendOptions& backend,
                    std::size_t top_k = 0, const std::string& importance = "") {
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
  if (!have_gpu()) GTEST_SKIP() << "no CUDA device visible";
  EXPECT_EQ(results("demo.json", "", 200000, cpu()), results("demo.json", "", 200000, cuda()));
}

TEST(CudaBackend, MatchesCpuWithManySmallChunks) {
  // 1024-scenario chunks: both streams busy, thresholds updated between chunks.
  if (!have_gpu()) GTEST_SKIP() << "no CUDA device visible";
  EXPECT_EQ(results("demo.json", "", 50000, cpu(), 40), results("demo.json", "", 50000, cuda(1024), 40));
}

TEST(CudaBackend, MatchesCpuOnTheCoupledModelWithAStressTest) {
  if (!have_gpu()) GTEST_SKIP() << "no CUDA device visible";
  EXPECT_EQ(results("strategic_industries.json", "combined_crisis", 20000, cpu()),
            results("strategic_industries.json", "combined_crisis", 20000, cuda()));
}

TEST(CudaBackend, MatchesCpuWithImportanceSampling) {
  // Weighted counts, candidate units and the sum of squared units.
  if (!have_gpu()) GTEST_SKIP() << "no CUDA device visible";
  EXPECT_EQ(results("demo.json", "", 100000, cpu(), 0, "auto"), results("demo.json", "", 100000, cuda(), 0, "auto"));
}

TEST(CudaBackend, DescribesTheDevice) {
  if (!have_gpu()) GTEST_SKIP() << "no CUDA device visible";
  const auto devices = cuda_devices();
  EXPECT_FALSE(devices[0].name.empty());
  EXPECT_GE(devices[0].compute_major, 7);
  EXPECT_GT(devices[0].total_memory, std::size_t{1} << 30);
}

}  // namespace
}  // namespace chokepoint
