// A progress line on stderr for long runs: done, rate, ETA.
#pragma once

#include <chrono>
#include <cstdint>

namespace chokepoint {

class ProgressBar {
 public:
  /// Draws only when `enabled` (the caller passes: stderr is a terminal and not --quiet).
  explicit ProgressBar(bool enabled);
  void update(std::uint64_t done, std::uint64_t total);
  /// Clear the line.
  void finish();

  /// Whether stderr is a terminal.
  static bool stderr_is_terminal();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace chokepoint
