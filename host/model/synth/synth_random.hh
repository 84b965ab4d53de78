// Seeded draws for the synthetic model generator.
//
// The generator must write the same bytes for the same seed on every
// machine. std::mt19937_64's output sequence is fixed by the C++ standard,
// but std::uniform_int_distribution and friends are not (libstdc++ and
// libc++ map the same engine output to different values), so every draw
// here is explicit integer arithmetic on the engine's output. Numbers are
// drawn on integer grids (k / 100, k / 8): their shortest decimal forms are
// short and exact, so files stay readable.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace chokepoint::synth {

class SynthRandom {
 public:
  explicit SynthRandom(std::uint64_t seed) : engine_(seed) {}

  /// Uniform in [0, n) for n >= 1. The modulo bias is below n / 2^64:
  /// invisible for the small n used here.
  std::int32_t below(std::int32_t n) {
    return static_cast<std::int32_t>(engine_() % static_cast<std::uint64_t>(n));
  }

  /// Uniform in [lo, hi], both included.
  std::int32_t between(std::int32_t lo, std::int32_t hi) { return lo + below(hi - lo + 1); }

  /// k / den with k uniform in [lo, hi].
  double grid(std::int32_t lo, std::int32_t hi, std::int32_t den) {
    return static_cast<double>(between(lo, hi)) / static_cast<double>(den);
  }

  /// True with probability num / den.
  bool chance(std::int32_t num, std::int32_t den) { return below(den) < num; }

  /// Fisher-Yates, with this generator's draws.
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      const auto j = static_cast<std::size_t>(below(static_cast<std::int32_t>(i)));
      std::swap(v[i - 1], v[j]);
    }
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace chokepoint::synth
