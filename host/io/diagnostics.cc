#include "diagnostics.hh"

#include <fmt/format.h>

#include <algorithm>

#include "json_locator.hh"

namespace chokepoint {

void Diagnostics::error(std::string pointer, std::string message, bool at_key) {
  ++total_;
  if (items_.size() < kMaxKept) items_.push_back({std::move(pointer), std::move(message), at_key, true, 0, 0});
}

void Diagnostics::error_at(int line, int column, std::string message) {
  ++total_;
  if (items_.size() < kMaxKept) items_.push_back({"", std::move(message), false, false, line, column});
}

void Diagnostics::error_at(std::string pointer, int line, int column, std::string message, bool at_key) {
  ++total_;
  if (items_.size() < kMaxKept) items_.push_back({std::move(pointer), std::move(message), at_key, true, line, column});
}

void Diagnostics::locate(const JsonLocator& locator) {
  for (Diagnostic& d : items_) {
    if (!d.has_pointer || d.line != 0) continue;
    const TextPosition pos = locator.position(d.pointer, d.at_key);
    d.line = pos.line;
    d.column = pos.column;
  }
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
}

std::string Diagnostics::format(std::string_view file) const {
  std::string out;
  for (const Diagnostic& d : items_) {
    if (d.line > 0) {
      out += fmt::format("{}:{}:{}: ", file, d.line, d.column);
    } else {
      out += fmt::format("{}: ", file);
    }
    if (d.has_pointer) out += (d.pointer.empty() ? std::string("(top level)") : d.pointer) + ": ";
    out += d.message;
    out += '\n';
  }
  if (total_ > items_.size()) {
    out += fmt::format("{}: ... and {} more errors (only the first {} are shown)\n", file, total_ - items_.size(),
                       items_.size());
  }
  return out;
}

}  // namespace chokepoint
