// Ctrl-C (SIGINT) and SIGTERM during a long run: the first one asks the run
// to stop after its current chunk and save a checkpoint; a second one ends
// the process at once.
#pragma once

#include <atomic>

namespace chokepoint {

/// Install the handlers (idempotent) and return the flag they set.
const std::atomic<bool>& stop_requested_by_signal();

}  // namespace chokepoint
