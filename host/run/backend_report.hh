// The backends of this build and what each one sees on this machine: what
// `chokepoint info --backends` prints and chokepoint.backends() returns.
#pragma once

#include <string>
#include <vector>

namespace chokepoint {

struct BackendStatus {
  std::string name;     // cpu, cuda, kokkos
  bool built = false;   // compiled into this build
  bool usable = false;  // can run here (cuda: this device is visible)
  std::string detail;   // what it sees, or why it cannot run
};

/// cpu, then cuda (one entry per visible device, or one saying why there is
/// none), then kokkos.
std::vector<BackendStatus> backend_statuses();

std::string describe_backends();

}  // namespace chokepoint
