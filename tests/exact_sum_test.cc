// Exact sums: order-independent, exact against a rational reference.
#include <gtest/gtest.h>

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "exact_sum.hh"
#include "exact_value.hh"

namespace chokepoint {
namespace {

std::vector<double> awkward_values(std::size_t n, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-60, 120);
  std::vector<double> v(n);
  for (double& x : v) x = std::ldexp(mantissa(gen), exponent(gen));
  return v;
}

TEST(ExactSum, DoesNotDependOnOrderOrGrouping) {
  const std::vector<double> values = awkward_values(20000, 3);
  ExactSum forward;
  for (const double x : values) forward.add(x);
  forward.normalise();

  std::vector<double> shuffled = values;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(11));
  ExactSum parts[7];
  for (std::size_t i = 0; i < shuffled.size(); ++i) parts[i % 7].add(shuffled[i]);
  ExactSum merged;
  for (int k = 6; k >= 0; --k) merged.merge(parts[k]);
  merged.normalise();

  for (int k = 0; k < ExactSum::kLimbs; ++k) EXPECT_EQ(forward.limb[k], merged.limb[k]) << "limb " << k;
}

TEST(ExactSum, MatchesARationalReference) {
  // Values that are multiples of 2^-96 are summed without any error.
  using boost::multiprecision::cpp_int;
  std::mt19937_64 gen(5);
  std::uniform_int_distribution<std::int64_t> ints(-(std::int64_t{1} << 52), std::int64_t{1} << 52);
  std::uniform_int_distribution<int> shift(-40, 60);
  ExactSum sum;
  cpp_int reference = 0;  // in units of 2^-40
  for (int i = 0; i < 5000; ++i) {
    const std::int64_t m = ints(gen);
    const int e = shift(gen);
    sum.add(std::ldexp(static_cast<double>(m), e));
    reference += cpp_int(m) << (e + 40);
  }
  const double expected = std::ldexp(reference.convert_to<double>(), -40);
  EXPECT_EQ(exact_sum_value(sum), expected);
}

TEST(ExactSum, CancellationIsExact) {
  ExactSum s;
  s.add(1e20);
  s.add(3.0);
  s.add(-1e20);
  EXPECT_EQ(exact_sum_value(s), 3.0);  // a double accumulator would give 0
}

TEST(ExactSum, VarianceOfAConstantIsZero) {
  ExactSum sum;
  ExactSum sum_sq;
  const double c = 123456789.123;
  for (int i = 0; i < 1000; ++i) {
    sum.add(c);
    sum_sq.add(c * c);
  }
  EXPECT_EQ(exact_variance(sum, sum_sq, 1000), 0.0);
  EXPECT_EQ(exact_mean(sum, 1000), c);
}

TEST(ExactSum, VarianceMatchesTheTextbookFormula) {
  const double values[] = {2, 4, 4, 4, 5, 5, 7, 9};
  ExactSum sum;
  ExactSum sum_sq;
  for (const double x : values) {
    sum.add(x);
    sum_sq.add(x * x);
  }
  EXPECT_EQ(exact_mean(sum, 8), 5.0);
  EXPECT_DOUBLE_EQ(exact_variance(sum, sum_sq, 8), 32.0 / 7.0);
}

TEST(ExactSum, ManyAdditionsWithCarries) {
  ExactSum s;
  const double x = 4294967295.0;  // 2^32 - 1: every limb piece is large
  for (int i = 0; i < 100000; ++i) s.add(x);
  s.normalise();
  EXPECT_EQ(exact_sum_value(s), x * 100000.0);
}

}  // namespace
}  // namespace chokepoint
