// Helpers for the report and nightly tests: results folders written the way
// `chokepoint run` writes them, without starting the program.
#pragma once

#include <cstdint>
#include <string>

namespace chokepoint::test {

struct FolderSpec {
  std::string model_path;  // as the manifest records it
  std::uint64_t scenarios = 2000;
  std::uint64_t seed = 1;
  std::string policy;
  std::string stress_test;
};

/// Run the study and write its results folder into `dir`.
void write_results_folder(const std::string& dir, const FolderSpec& spec);

/// demo.json with every event's annual rates multiplied by `factor`, as text.
std::string demo_with_scaled_event_rates(double factor);

/// Write `text` to `path` (creating parent folders).
void write_text(const std::string& path, const std::string& text);

}  // namespace chokepoint::test
