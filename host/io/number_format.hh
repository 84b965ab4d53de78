// Numbers for people: thousands separators, sensible significant digits.
#pragma once

#include <string>

namespace chokepoint {

/// 1234567.8 -> "1,234,568"; 12.345 -> "12.3"; 0.0123 -> "0.0123"; NaN -> "n/a".
std::string format_amount(double x);
/// 0.1234 -> "12.3%".
std::string format_percent(double fraction);
/// 1234567 -> "1,234,567".
std::string format_count(unsigned long long n);

}  // namespace chokepoint
