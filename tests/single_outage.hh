// The single-outage model with its exact answer, shared by the analytic and
// coverage tests: one node, demand 50 of capacity 100, one event that takes
// all capacity for exactly `d` weeks (no recovery) at a constant rate. The
// node is short in exactly the weeks the event is active.
#pragma once

#include <string>
#include <vector>

namespace chokepoint::test {

/// The model as chokepoint/1 text, with final demand `base` (50 above; at
/// most 100) and `volatility`: with volatility > 0 the demand level is
/// base m, m lognormal, and the node is short by base m in each outage week
/// and by max(0, base m - 100) in the others (never in practice for base 5).
std::string single_outage_model(double rate, int d, int weeks, double base = 50.0, double volatility = 0.0);

/// P(weeks short = w), w = 0..weeks, by dynamic programming over (week,
/// remaining active weeks).
std::vector<double> weeks_short_distribution(double rate, int d, int weeks);

/// Mean of the top 1 - alpha of a distribution over whole numbers.
double upper_tail_mean(const std::vector<double>& dist, double alpha);

}  // namespace chokepoint::test
