#include "number_format.hh"

#include <fmt/format.h>

#include <cmath>

namespace chokepoint {

std::string format_count(unsigned long long n) {
  const std::string digits = fmt::format("{}", n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_amount(double x) {
  if (!std::isfinite(x)) return "n/a";
  if (x == 0.0) return "0";
  const double a = std::fabs(x);
  if (a >= 1000.0) {
    if (a >= 1e15) return fmt::format("{:.3g}", x);
    return (x < 0 ? "-" : "") + format_count(static_cast<unsigned long long>(std::llround(a)));
  }
  if (a >= 0.001) return fmt::format("{:.3g}", x);
  return fmt::format("{:.2e}", x);
}

std::string format_percent(double fraction) {
  if (!std::isfinite(fraction)) return "n/a";
  const double p = fraction * 100.0;
  if (p == 0.0) return "0%";
  if (std::fabs(p) < 0.01) return fmt::format("{:.1e}%", p);
  return fmt::format("{:.3g}%", p);
}

}  // namespace chokepoint
