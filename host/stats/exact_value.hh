// Turning exact sums into doubles, and exact variances (host only).
#pragma once

#include <cstdint>

#include "exact_sum.hh"

namespace chokepoint {

/// The sum, rounded to a double.
double exact_sum_value(const ExactSum& s);

/// Mean and sample variance of n values from their exact sum and exact sum
/// of squares. The numerator n * sum_sq - sum^2 is formed exactly, so a
/// constant column gives variance exactly 0 however large its values.
double exact_mean(const ExactSum& sum, std::uint64_t n);
double exact_variance(const ExactSum& sum, const ExactSum& sum_sq, std::uint64_t n);

}  // namespace chokepoint
