// The estimators over uncertain assumptions against answers known in closed
// form: the Ishigami function's Sobol' indices, the bias that Monte Carlo
// noise puts into uncorrected indices, a policy table worked by hand, and
// type-7 quantiles of small samples.
#include "sensitivity.hh"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <stdexcept>

namespace chokepoint {
namespace {

using std::numbers::pi;

/// Bit-for-bit equality of doubles (NaN included), for determinism checks.
bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

/// The points of a design row: A, B and AB^i (A with column i from B).
struct RowPoints {
  std::vector<double> a, b;
  std::vector<std::vector<double>> ab;
};

RowPoints row_points(const std::vector<double>& row, std::size_t factors) {
  RowPoints p;
  p.a.assign(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(factors));
  p.b.assign(row.begin() + static_cast<std::ptrdiff_t>(factors), row.end());
  for (std::size_t i = 0; i < factors; ++i) {
    p.ab.push_back(p.a);
    p.ab.back()[i] = p.b[i];
  }
  return p;
}

/// Evaluations of `f` (of the quantiles) on a design, without noise.
template <class F>
SaltelliEvaluations evaluate_exactly(const std::vector<std::vector<double>>& design, std::size_t factors, F f) {
  SaltelliEvaluations e;
  e.f_ab.resize(factors);
  e.noise_a_ab.resize(factors);
  e.noise_b_ab.resize(factors);
  for (const std::vector<double>& row : design) {
    const RowPoints p = row_points(row, factors);
    e.f_a.push_back(f(p.a));
    e.f_b.push_back(f(p.b));
    e.noise_a.push_back(0.0);
    e.noise_b.push_back(0.0);
    for (std::size_t i = 0; i < factors; ++i) {
      e.f_ab[i].push_back(f(p.ab[i]));
      e.noise_a_ab[i].push_back(0.0);
      e.noise_b_ab[i].push_back(0.0);
    }
  }
  return e;
}

// Ishigami: f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x uniform on [-pi, pi]^3.
// Its variance parts (Ishigami and Homma 1990; Saltelli et al. 2008, 4.5):
//   V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0,
//   V13 = b^2 pi^8 (1/18 - 1/50), V = V1 + V2 + V13.
constexpr double kIshigamiA = 7.0;
constexpr double kIshigamiB = 0.1;

double ishigami(const std::vector<double>& u) {
  const double x1 = pi * (2.0 * u[0] - 1.0), x2 = pi * (2.0 * u[1] - 1.0), x3 = pi * (2.0 * u[2] - 1.0);
  return std::sin(x1) + kIshigamiA * std::sin(x2) * std::sin(x2) + kIshigamiB * std::pow(x3, 4) * std::sin(x1);
}

TEST(SaltelliDesign, EveryColumnHasOnePointPerStratum) {
  // The first 2^k points of a Sobol' sequence put exactly one coordinate in
  // each interval [m / 2^k, (m + 1) / 2^k) of every dimension; a digital
  // shift permutes those intervals, so the property survives it.
  const std::size_t rows = 1024;
  const auto design = saltelli_design(rows, 5, 42);
  ASSERT_EQ(design.size(), rows);
  for (std::size_t d = 0; d < 10; ++d) {
    std::vector<bool> seen(rows, false);
    for (const auto& row : design) {
      ASSERT_EQ(row.size(), 10u);
      ASSERT_GT(row[d], 0.0);
      ASSERT_LT(row[d], 1.0);
      const auto stratum = static_cast<std::size_t>(row[d] * static_cast<double>(rows));
      EXPECT_FALSE(seen[stratum]) << "dimension " << d << " stratum " << stratum;
      seen[stratum] = true;
    }
  }
}

TEST(SaltelliDesign, FirstRowsAreTheShiftedOriginAndCentre) {
  // The sequence's first two points are the origin and (1/2, ..., 1/2): after
  // the same XOR shift they differ only in the top bit, so by exactly 1/2.
  const auto design = saltelli_design(2, 4, 3);
  for (std::size_t d = 0; d < 8; ++d) EXPECT_EQ(std::abs(design[1][d] - design[0][d]), 0.5) << d;
}

TEST(SaltelliDesign, DeterministicInSeedAndOpenAtBothEnds) {
  // 64 factors (128 dimensions), the most allowed.
  const auto a = saltelli_design(256, kMaxFactors, 7);
  const auto b = saltelli_design(256, kMaxFactors, 7);
  const auto c = saltelli_design(256, kMaxFactors, 8);
  std::size_t differing = 0;
  for (std::size_t r = 0; r < a.size(); ++r) {
    for (std::size_t d = 0; d < 2 * kMaxFactors; ++d) {
      EXPECT_TRUE(same_bits(a[r][d], b[r][d]));
      EXPECT_GT(a[r][d], 0.0);
      EXPECT_LT(a[r][d], 1.0);
      if (!same_bits(a[r][d], c[r][d])) ++differing;
    }
  }
  EXPECT_EQ(differing, std::size_t{256} * 2 * kMaxFactors);  // another seed shifts every coordinate
}

TEST(SaltelliDesign, RefusesBadShapes) {
  EXPECT_THROW(
      {
        try {
          saltelli_design(8, 65, 1);
        } catch (const std::invalid_argument& e) {
          EXPECT_STREQ(e.what(), "saltelli_design: factors must be in [1, 64], got 65");
          throw;
        }
      },
      std::invalid_argument);
  EXPECT_THROW(saltelli_design(0, 3, 1), std::invalid_argument);
  EXPECT_THROW(saltelli_design(8, 0, 1), std::invalid_argument);
}

TEST(SobolIndices, IshigamiIndicesMatchTheirClosedForms) {
  const double v1 = std::pow(1.0 + kIshigamiB * std::pow(pi, 4) / 5.0, 2) / 2.0;
  const double v2 = kIshigamiA * kIshigamiA / 8.0;
  const double v13 = kIshigamiB * kIshigamiB * std::pow(pi, 8) * (1.0 / 18.0 - 1.0 / 50.0);
  const double v = v1 + v2 + v13;
  const double s1[] = {v1 / v, v2 / v, 0.0};
  const double st[] = {(v1 + v13) / v, v2 / v, v13 / v};
  // The published four-digit values, as a check on the formulas above.
  EXPECT_NEAR(s1[0], 0.3139, 5e-5);
  EXPECT_NEAR(s1[1], 0.4424, 5e-5);
  EXPECT_NEAR(st[0], 0.5576, 5e-5);
  EXPECT_NEAR(st[2], 0.2437, 5e-5);

  // 4096 rows of a shifted Sobol' design: quasi-Monte Carlo puts Jansen's
  // estimators of this smooth function within a few thousandths of the
  // truth (plain Monte Carlo would need about 25 times more rows for that);
  // the tolerance is 0.01, and 0.5% for the variance. The bootstrap treats
  // rows as independent, so its intervals are wider than the QMC error:
  // they must still hold the truth.
  const auto design = saltelli_design(4096, 3, 2026);
  const SobolIndices indices = sobol_indices(evaluate_exactly(design, 3, ishigami), 500, 11);
  EXPECT_NEAR(indices.variance, v, 0.005 * v);
  EXPECT_EQ(indices.noise_to_signal, 0.0);
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_NEAR(indices.first_order[i].value, s1[i], 0.01);
    EXPECT_NEAR(indices.total[i].value, st[i], 0.01);
    // Without noise there is nothing to correct.
    EXPECT_EQ(indices.first_order[i].value, indices.first_order_uncorrected[i]);
    EXPECT_EQ(indices.total[i].value, indices.total_uncorrected[i]);
    ASSERT_TRUE(indices.first_order[i].ci.has_value());
    ASSERT_TRUE(indices.total[i].ci.has_value());
    EXPECT_LE(indices.first_order[i].ci->first, s1[i]);
    EXPECT_GE(indices.first_order[i].ci->second, s1[i]);
    EXPECT_LE(indices.total[i].ci->first, st[i]);
    EXPECT_GE(indices.total[i].ci->second, st[i]);
  }
}

/// A standard normal draw (Box-Muller on the engine's words: the same
/// numbers on every machine, unlike std::normal_distribution).
double standard_normal(std::mt19937_64& words) {
  const double u1 = (static_cast<double>(words() >> 11) + 0.5) * 0x1p-53;
  const double u2 = (static_cast<double>(words() >> 11) + 0.5) * 0x1p-53;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * pi * u2);
}

TEST(SobolIndices, NoiseCorrectionRemovesTheBiasOfNoisyPoints) {
  // g = x1 + x2 on (0,1)^3: V = 2/12, S1 = ST = 1/2 for x1 and x2, and x3
  // does nothing (ST3 = 0). Each point's estimate carries noise of variance
  // s2 = V, correlated 1/2 within a row as common random numbers make it:
  // error = sqrt(s2) (sqrt(1/2) z_row + sqrt(1/2) z_point). The difference
  // of two points of a row then has noise variance 2 s2 (1 - 1/2) = s2.
  const double v = 2.0 / 12.0;
  const double s2 = v;
  const double rho = 0.5;
  const std::size_t factors = 3;
  const auto design = saltelli_design(16384, factors, 5);
  const auto g = [](const std::vector<double>& u) { return u[0] + u[1]; };
  SaltelliEvaluations e = evaluate_exactly(design, factors, g);
  std::mt19937_64 words(99);
  const auto error = [&](double z_row) {
    return std::sqrt(s2) * (std::sqrt(rho) * z_row + std::sqrt(1.0 - rho) * standard_normal(words));
  };
  for (std::size_t r = 0; r < design.size(); ++r) {
    const double z_row = standard_normal(words);
    e.f_a[r] += error(z_row);
    e.f_b[r] += error(z_row);
    e.noise_a[r] = s2;
    e.noise_b[r] = s2;
    for (std::size_t i = 0; i < factors; ++i) {
      e.f_ab[i][r] += error(z_row);
      e.noise_a_ab[i][r] = 2.0 * s2 * (1.0 - rho);
      e.noise_b_ab[i][r] = 2.0 * s2 * (1.0 - rho);
    }
  }
  const SobolIndices indices = sobol_indices(e, 300, 3);

  // Uncorrected, ST3 = E[(error difference)^2] / 2 / (V + s2)
  // = s2 (1 - rho) / (V + s2) = 1/4: noise read as influence. Sampling
  // error over 16384 rows: ST3 has sd sqrt(2) s2 / 2 / sqrt(16384) / V
  // = 0.006; ST1 and ST2 about 0.012 (the squared difference of x adds
  // variance, and so does its product with the noise). The tolerance, 0.05,
  // is about 4 of the larger.
  EXPECT_NEAR(indices.total_uncorrected[2], s2 * (1.0 - rho) / (v + s2), 0.05);
  EXPECT_NEAR(indices.noise_to_signal, s2 / (v + s2), 0.05);
  EXPECT_NEAR(indices.variance, v, 0.05 * v);
  EXPECT_NEAR(indices.total[2].value, 0.0, 0.05);
  ASSERT_TRUE(indices.total[2].ci.has_value());
  EXPECT_LE(indices.total[2].ci->first, 0.0);
  EXPECT_GE(indices.total[2].ci->second, 0.0);
  for (std::size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    EXPECT_NEAR(indices.first_order[i].value, 0.5, 0.05);
    EXPECT_NEAR(indices.total[i].value, 0.5, 0.05);
    // Uncorrected, the same noise halves them: V / (V + s2) of the truth.
    EXPECT_NEAR(indices.total_uncorrected[i], (0.5 * v + s2 * (1.0 - rho)) / (v + s2), 0.05);
  }
}

TEST(SobolIndices, SameSeedSameBitsAndNoIntervalsWithoutResampling) {
  const auto design = saltelli_design(64, 3, 1);
  const SaltelliEvaluations e = evaluate_exactly(design, 3, ishigami);
  const SobolIndices a = sobol_indices(e, 50, 9);
  const SobolIndices b = sobol_indices(e, 50, 9);
  const SobolIndices c = sobol_indices(e, 50, 10);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(same_bits(a.first_order[i].ci->first, b.first_order[i].ci->first));
    EXPECT_TRUE(same_bits(a.first_order[i].ci->second, b.first_order[i].ci->second));
    EXPECT_TRUE(same_bits(a.total[i].ci->first, b.total[i].ci->first));
    EXPECT_TRUE(same_bits(a.total[i].ci->second, b.total[i].ci->second));
    EXPECT_TRUE(same_bits(a.total[i].value, c.total[i].value));  // the seed moves only the resampling
  }
  EXPECT_FALSE(same_bits(a.total[0].ci->first, c.total[0].ci->first));
  EXPECT_FALSE(sobol_indices(e, 0, 9).total[0].ci.has_value());
}

TEST(SobolIndices, NoiseThatSwampsTheSignalLeavesIndicesUndefined) {
  // Constant values with point noise: the corrected variance is negative.
  SaltelliEvaluations e;
  e.f_a = {1.0, 1.0, 1.0};
  e.f_b = {1.0, 1.0, 1.0};
  e.noise_a = e.noise_b = {0.5, 0.5, 0.5};
  e.f_ab = e.noise_a_ab = e.noise_b_ab = {{1.0, 1.0, 1.0}};
  const SobolIndices indices = sobol_indices(e, 20, 1);
  EXPECT_TRUE(std::isnan(indices.total[0].value));
  EXPECT_TRUE(std::isnan(indices.first_order[0].value));
  EXPECT_FALSE(indices.total[0].ci.has_value());
  EXPECT_EQ(indices.variance, -0.5);
}

TEST(SobolIndices, RefusesMismatchedSizes) {
  SaltelliEvaluations e;
  e.f_a = {1.0, 2.0};
  e.f_b = {1.0, 2.0};
  e.noise_a = e.noise_b = {0.0, 0.0};
  e.f_ab = {{1.0, 2.0}};
  e.noise_a_ab = {{0.0, 0.0}};
  e.noise_b_ab = {{0.0}};
  try {
    sobol_indices(e, 10, 1);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "sobol_indices: factor 0 must have 2 rows in f_ab, noise_a_ab and noise_b_ab");
  }
  e.f_a = {1.0};
  EXPECT_THROW(sobol_indices(e, 10, 1), std::invalid_argument);
}

TEST(EpistemicBand, Type7QuantilesAndMean) {
  // 1..21 in scrambled order: h = 20 p lands on order statistics exactly.
  std::vector<double> values;
  for (int k = 21; k >= 1; k -= 2) values.push_back(k);
  for (int k = 2; k <= 20; k += 2) values.push_back(k);
  const EpistemicBand band = epistemic_band(values);
  EXPECT_EQ(band.mean, 11.0);
  EXPECT_EQ(band.p5, 2.0);
  EXPECT_EQ(band.p50, 11.0);
  EXPECT_EQ(band.p95, 20.0);
  // Two values: linear between them.
  const EpistemicBand two = epistemic_band({10.0, 0.0});
  EXPECT_EQ(two.p5, 0.5);
  EXPECT_EQ(two.p50, 5.0);
  EXPECT_EQ(two.p95, 9.5);
  EXPECT_THROW(epistemic_band({}), std::invalid_argument);
}

TEST(EpistemicExceedance, QuantilesOfStepCurvesOnTheSharedGrid) {
  // Three curves; the grid is the union of their x: 0, 1, 2, 4. Between its
  // own points a curve keeps its last probability (c2 at x = 1 is 0.8).
  // Type 7 with three values: P5 = v0 + 0.1 (v1 - v0), P95 = v1 + 0.9 (v2 - v1).
  const std::vector<ExceedanceCurve> curves = {{{0, 1.0}, {1, 0.5}, {2, 0.0}},
                                               {{0, 0.8}, {2, 0.4}, {4, 0.0}},
                                               {{0, 0.2}, {1, 0.0}}};
  const EpistemicExceedance band = epistemic_exceedance(curves);
  EXPECT_EQ(band.x, (std::vector<double>{0, 1, 2, 4}));
  // x = 0: {0.2, 0.8, 1}; x = 1: {0, 0.5, 0.8}; x = 2: {0, 0, 0.4}; x = 4: all 0.
  const std::vector<double> p5 = {0.26, 0.05, 0.0, 0.0}, p50 = {0.8, 0.5, 0.0, 0.0}, p95 = {0.98, 0.77, 0.36, 0.0};
  ASSERT_EQ(band.p5.size(), 4U);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(band.p5[i], p5[i], 1e-15) << i;
    EXPECT_NEAR(band.p50[i], p50[i], 1e-15) << i;
    EXPECT_NEAR(band.p95[i], p95[i], 1e-15) << i;
  }
  // Before a curve's first point (edges below its minimum) every value exceeds x: probability 1.
  const EpistemicExceedance late = epistemic_exceedance({{{0, 0.6}, {3, 0.0}}, {{2, 0.5}, {3, 0.0}}});
  EXPECT_EQ(late.x, (std::vector<double>{0, 2, 3}));
  EXPECT_NEAR(late.p50[0], 0.8, 1e-15);  // between 0.6 and 1
  EXPECT_NEAR(late.p50[1], 0.55, 1e-15);  // between 0.6 and 0.5
  EXPECT_THROW(epistemic_exceedance({}), std::invalid_argument);
}

CandidateAtDraw candidate(double net_benefit, std::vector<double> batches) { return {net_benefit, std::move(batches)}; }

// Three candidates (0 = do nothing) at four draws, four paired batches each.
//   draw 0: 0, 5, 3   best 1; 1 leads 2 by batches {1,3,2,2}: t interval excludes 0
//   draw 1: 0, 2, 6   best 2; 2 leads 1 by {0,8,4,4}: interval 4 +- 5.2 holds 0
//   draw 2: 0,-1,-2   best 0; 0 leads 1 by {1,1,1,1}: interval [1, 1]
//   draw 3: 0, 4, 4   tie, the lowest index (1) wins; lead {0,0,0,0}: [0, 0] holds 0
std::vector<std::vector<CandidateAtDraw>> policy_table() {
  const std::vector<double> zeros(4, 0.0);
  return {
      {candidate(0, zeros), candidate(5, {4, 6, 5, 5}), candidate(3, {3, 3, 3, 3})},
      {candidate(0, zeros), candidate(2, {2, 2, 2, 2}), candidate(6, {2, 10, 6, 6})},
      {candidate(0, zeros), candidate(-1, {-1, -1, -1, -1}), candidate(-2, {-2, -2, -2, -2})},
      {candidate(0, zeros), candidate(4, {4, 4, 4, 4}), candidate(4, {4, 4, 4, 4})},
  };
}

TEST(PolicyRobustness, WorkedTable) {
  const RobustnessSummary s = policy_robustness(policy_table());
  ASSERT_EQ(s.candidates.size(), 3u);
  // Wins: 0 at draw 2, 1 at draws 0 and 3, 2 at draw 1.
  EXPECT_EQ(s.candidates[0].p_best.value, 0.25);
  EXPECT_EQ(s.candidates[1].p_best.value, 0.5);
  EXPECT_EQ(s.candidates[2].p_best.value, 0.25);
  // Wilson 95% for 1 of 4 and 2 of 4 (z = 1.959964).
  EXPECT_NEAR(s.candidates[0].p_best.ci->first, 0.045587, 1e-6);
  EXPECT_NEAR(s.candidates[0].p_best.ci->second, 0.699358, 1e-6);
  EXPECT_NEAR(s.candidates[1].p_best.ci->first, 0.150039, 1e-6);
  EXPECT_NEAR(s.candidates[1].p_best.ci->second, 0.849961, 1e-6);
  // Regrets: 0 -> {5,6,0,4}, 1 -> {0,4,1,0}, 2 -> {2,0,2,0}. P90 (type 7,
  // h = 3 * 0.9 = 2.7): 5 + 0.7 (6 - 5), 1 + 0.7 (4 - 1), 2 + 0.7 (2 - 2).
  EXPECT_EQ(s.candidates[0].mean_regret, 3.75);
  EXPECT_EQ(s.candidates[1].mean_regret, 1.25);
  EXPECT_EQ(s.candidates[2].mean_regret, 1.0);
  EXPECT_NEAR(s.candidates[0].p90_regret, 5.7, 1e-12);
  EXPECT_NEAR(s.candidates[1].p90_regret, 3.1, 1e-12);
  EXPECT_EQ(s.candidates[2].p90_regret, 2.0);
  EXPECT_EQ(s.candidates[0].mean_net_benefit, 0.0);
  EXPECT_EQ(s.candidates[1].mean_net_benefit, 2.5);
  EXPECT_EQ(s.candidates[2].mean_net_benefit, 2.75);
  // Best per draw {5, 6, 0, 4}: mean 3.75; best mean 2.75 (candidate 2).
  EXPECT_EQ(s.evpi, 1.0);
  // Draws 1 and 3 are unresolved.
  EXPECT_EQ(s.unresolved_share, 0.5);
}

TEST(PolicyRobustness, DoNothingAloneAndSingleBatches) {
  // Only "do nothing": it is always best, nothing to regret, nothing to learn.
  const RobustnessSummary alone = policy_robustness({{candidate(0, {})}, {candidate(0, {})}});
  EXPECT_EQ(alone.candidates[0].p_best.value, 1.0);
  EXPECT_EQ(alone.evpi, 0.0);
  EXPECT_EQ(alone.unresolved_share, 0.0);
  // One batch: no interval, so a lead cannot be shown to be more than noise.
  const RobustnessSummary one = policy_robustness({{candidate(0, {0}), candidate(3, {3})}});
  EXPECT_EQ(one.unresolved_share, 1.0);
}

TEST(PolicyRobustness, RefusesRaggedTables) {
  auto table = policy_table();
  table[2][1].batch_net_benefit.pop_back();
  try {
    policy_robustness(table);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "policy_robustness: at draw 2, candidate 1 has 3 batch values, candidate 0 has 4");
  }
  table = policy_table();
  table[1].pop_back();
  try {
    policy_robustness(table);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "policy_robustness: draw 1 has 2 candidates, draw 0 has 3");
  }
  EXPECT_THROW(policy_robustness({}), std::invalid_argument);
}

}  // namespace
}  // namespace chokepoint
