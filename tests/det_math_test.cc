// The deterministic elementary functions: accuracy against the C library,
// and pinned bits so that any change to them (which would change every
// study's results) is deliberate.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>

#include "compiled_model.hh"
#include "det_math.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

std::int64_t ulp_distance(double a, double b) {
  const auto ia = std::bit_cast<std::int64_t>(a);
  const auto ib = std::bit_cast<std::int64_t>(b);
  return ia > ib ? ia - ib : ib - ia;
}

TEST(DetMath, ExpWithinOneUlpOfTheCLibrary) {
  std::mt19937_64 gen(42);
  std::uniform_real_distribution<double> wide(-700.0, 700.0);
  std::uniform_real_distribution<double> narrow(-2.0, 2.0);
  for (int i = 0; i < 200000; ++i) {
    const double x = i % 2 == 0 ? wide(gen) : narrow(gen);
    ASSERT_LE(ulp_distance(det_exp(x), std::exp(x)), 1) << "x = " << x;
  }
}

TEST(DetMath, LogWithinOneUlpOfTheCLibrary) {
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> exponent(-1000.0, 1000.0);
  for (int i = 0; i < 200000; ++i) {
    const double x = std::pow(2.0, exponent(gen));
    ASSERT_LE(ulp_distance(det_log(x), std::log(x)), 1) << "x = " << x;
  }
  for (double u = 1e-6; u < 1.0; u += 0.000137) ASSERT_LE(ulp_distance(det_log(u), std::log(u)), 1) << u;
}

TEST(DetMath, SpecialValues) {
  EXPECT_EQ(det_exp(0.0), 1.0);
  EXPECT_EQ(det_exp(-HUGE_VAL), 0.0);
  EXPECT_EQ(det_exp(HUGE_VAL), HUGE_VAL);
  EXPECT_EQ(det_exp(710.0), HUGE_VAL);
  EXPECT_EQ(det_exp(-746.0), 0.0);
  EXPECT_EQ(det_log(1.0), 0.0);
  EXPECT_EQ(det_log(0.0), -HUGE_VAL);
  EXPECT_TRUE(std::isnan(det_log(-1.0)));
  EXPECT_EQ(det_log(HUGE_VAL), HUGE_VAL);
  EXPECT_NEAR(det_log(4.9406564584124654e-324), -744.44007192138126, 1e-12);  // subnormal
}

TEST(DetMath, PinnedBits) {
  // Changing these changes every study's results: do it only deliberately.
  EXPECT_EQ(std::bit_cast<std::uint64_t>(det_exp(1.0)), 0x4005bf0a8b14576aULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(det_exp(-0.5)), 0x3fe368b2fc6f960aULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(det_log(10.0)), 0x40026bb1bbb55516ULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(det_log(0.3)), 0xbff34378fcbda721ULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(det_normal_quantile(0.975)), 0x3fff5c0331eeff82ULL);
}

TEST(DetMath, NormalQuantileKnownValues) {
  // Reference values of the standard normal quantile (15+ significant digits).
  EXPECT_EQ(det_normal_quantile(0.5), 0.0);
  EXPECT_NEAR(det_normal_quantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_NEAR(det_normal_quantile(0.025), -1.959963984540054, 1e-15);
  EXPECT_NEAR(det_normal_quantile(0.8413447460685429), 1.0, 1e-14);
  EXPECT_NEAR(det_normal_quantile(1e-10), -6.361340902404056, 1e-13);
  // Symmetric where 1 - p is exact.
  for (int k = 1; k < 512; k += 7) {
    const double p = k / 1024.0;
    EXPECT_EQ(det_normal_quantile(p), -det_normal_quantile(1.0 - p)) << p;
  }
}

// Values that enter scenarios are computed with the project's functions, not
// libm's, so that ranks of an MPI study on machines with different C
// libraries draw the same scenarios: demand growth (1 + g)^(t / 52) and the
// log-medians of lognormal distributions.
TEST(DetMath, CompiledModelsUseTheProjectsFunctions) {
  const auto loaded = test::load_ok(R"({"format": "chokepoint/1", "name": "g", "horizon_weeks": 104,
    "nodes": [{"id": "n", "sector": "s", "capacity": 100, "unit_value": 1,
               "final_demand": {"base": 50, "growth_per_year": 0.37}}],
    "events": [{"id": "e", "annual_rate": 1, "effects": [{"node": "n", "capacity_loss": 0.5}],
                "duration_weeks": {"dist": "lognormal", "median": 7.3, "sigma": 0.5, "max": 52}}]})");
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  const ModelView view = model.view();
  for (std::int32_t t = 0; t < 104; ++t) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(view.growth[t]), std::bit_cast<std::uint64_t>(det_exp(t / 52.0 * det_log(1.37))))
        << "week " << t;
  }
  EXPECT_EQ(std::bit_cast<std::uint64_t>(view.duration[0].a), std::bit_cast<std::uint64_t>(det_log(7.3)));
}

}  // namespace
}  // namespace chokepoint
