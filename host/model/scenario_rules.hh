// The rules of MODEL.md section 1 that a schema cannot express: unique ids,
// references, sums, cycles, distribution ranges, stress-test forces.
#pragma once

#include "diagnostics.hh"
#include "scenario.hh"

namespace chokepoint {

void check_rules(const Scenario& s, Diagnostics& diags);

/// Divide the supplier shares of every input by their sum, which check_rules
/// accepted within 1e-6 of 1: shares summing to 1 - 1e-6 would leave a
/// fully served order short, and above 1 could make the unserved share
/// exceed 1 and a shortfall exceed demand.
void normalise_shares(Scenario& s);

}  // namespace chokepoint
