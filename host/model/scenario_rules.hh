// The rules of MODEL.md section 1 that a schema cannot express: unique ids,
// references, sums, cycles, distribution ranges, stress-test forces.
#pragma once

#include "diagnostics.hh"
#include "scenario.hh"

namespace chokepoint {

void check_rules(const Scenario& s, Diagnostics& diags);

}  // namespace chokepoint
