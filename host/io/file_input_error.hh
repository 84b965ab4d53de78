// Bad input found in a file, with every problem kept located.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "diagnostics.hh"

namespace chokepoint {

/// The message lists every problem, as InputError's does; problems() holds
/// them located, for callers that present them otherwise (the Python
/// module's InputError attributes).
class FileInputError : public InputError {
 public:
  FileInputError(const std::string& message, std::string file, std::vector<Diagnostic> problems)
      : InputError(message), file_(std::move(file)), problems_(std::move(problems)) {}
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::vector<Diagnostic>& problems() const { return problems_; }

 private:
  std::string file_;
  std::vector<Diagnostic> problems_;
};

}  // namespace chokepoint
