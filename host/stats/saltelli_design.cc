// The Saltelli design: Boost's Sobol' sequence, digitally shifted by seed.
#include <boost/random/sobol.hpp>
#include <random>
#include <stdexcept>
#include <string>

#include "sensitivity.hh"

namespace chokepoint {

namespace {

/// The top 52 bits of a 64-bit coordinate as the midpoint of their cell,
/// (k + 1/2) / 2^52: never 0 or 1, and exact in a double.
double open_unit(std::uint64_t bits) { return (static_cast<double>(bits >> 12) + 0.5) * 0x1p-52; }

}  // namespace

std::vector<std::vector<double>> saltelli_design(std::size_t rows, std::size_t factors, std::uint64_t seed) {
  if (rows == 0) throw std::invalid_argument("saltelli_design: rows must be at least 1");
  if (factors == 0 || factors > kMaxFactors) {
    throw std::invalid_argument("saltelli_design: factors must be in [1, " + std::to_string(kMaxFactors) + "], got " +
                                std::to_string(factors));
  }
  const std::size_t dimensions = 2 * factors;
  // A random digital shift (XOR of every coordinate of a dimension with one
  // seeded 64-bit word) keeps the net structure of the sequence, makes its
  // first point (all zeros) an ordinary one, and makes the design a random
  // one, so different seeds give independent replicates. std::mt19937_64's
  // output is fixed by the C++ standard: the same words on every machine.
  std::mt19937_64 words(seed);
  std::vector<std::uint64_t> shift(dimensions);
  for (std::uint64_t& s : shift) s = words();

  // Boost's engine starts at the sequence's second point (it skips the
  // origin); the design takes the origin as its first row, so that its first
  // 2^k rows are a whole (t, k, s)-net: every column then has exactly one
  // value in each interval [m / 2^k, (m + 1) / 2^k).
  boost::random::sobol sequence(dimensions);
  std::vector<std::vector<double>> design(rows, std::vector<double>(dimensions));
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t d = 0; d < dimensions; ++d) design[r][d] = open_unit((r == 0 ? 0 : sequence()) ^ shift[d]);
  }
  return design;
}

}  // namespace chokepoint
