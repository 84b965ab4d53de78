// What `chokepoint info --backends` prints: the backends of this build and
// what each one sees on this machine.
#pragma once

#include <string>

namespace chokepoint {

std::string describe_backends();

}  // namespace chokepoint
