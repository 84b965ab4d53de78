// The text of `chokepoint info`: what a model contains and its steady state.
#pragma once

#include <string>

#include "model_selection.hh"

namespace chokepoint {

std::string describe_model(const SelectedModel& m);

}  // namespace chokepoint
