// Errors found in an input file, each with its JSON pointer and position.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint {

class JsonLocator;

struct Diagnostic {
  std::string pointer;  // JSON pointer of the offending value ("" is the whole document)
  std::string message;  // what was expected and what was found
  bool at_key = false;  // point at the member's key rather than its value
  bool has_pointer = true;  // false for errors in the text itself (syntax)
  int line = 0;         // 1-based; 0 until located
  int column = 0;       // 1-based, in characters
};

/// Collects the errors of one file. At most kMaxKept are kept; the rest are counted.
class Diagnostics {
 public:
  static constexpr std::size_t kMaxKept = 50;

  void error(std::string pointer, std::string message, bool at_key = false);
  void error_at(int line, int column, std::string message);
  /// An error whose position is already known (line and column 1-based).
  void error_at(std::string pointer, int line, int column, std::string message, bool at_key = false);

  [[nodiscard]] bool empty() const { return total_ == 0; }
  [[nodiscard]] std::size_t total() const { return total_; }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }

  /// Fill in line and column of every diagnostic from the document text.
  void locate(const JsonLocator& locator);
  /// One line per error: "FILE:LINE:COL: POINTER: MESSAGE".
  [[nodiscard]] std::string format(std::string_view file) const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t total_ = 0;
};

/// Bad user input (a file, an option): reported as is, exit status 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A run stopped by SIGINT or SIGTERM after saving a checkpoint: exit status 130.
class InterruptedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Outputs that could not be written (disk full, no permission): exit status 1.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace chokepoint
