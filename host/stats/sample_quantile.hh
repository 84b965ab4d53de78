// Quantiles of a finite sample (factor draws, bootstrap replicates, regrets).
#pragma once

#include <vector>

namespace chokepoint {

/// The p-quantile of Hyndman and Fan's type 7 (R's and NumPy's default):
/// with the values sorted ascending as x[0..n-1] and h = (n - 1) p, the
/// value x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
/// `sorted` must be sorted ascending and not empty; p in [0, 1].
double type7_quantile(const std::vector<double>& sorted, double p);

}  // namespace chokepoint
