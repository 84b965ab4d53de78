// The error of a device that cannot run a study.
#pragma once

#include <stdexcept>

namespace chokepoint {

/// A device that is there but cannot run the study (driver, memory, a
/// failed CUDA call): not the user's input, so exit status 1, reported as
/// "error: ...". A device that is not there is an InputError (exit 2).
class DeviceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace chokepoint
