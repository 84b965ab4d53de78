// Helpers shared by the tests: paths, small models, running the CLI.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "compiled_model.hh"
#include "scenario_loader.hh"
#include "study_runner.hh"

namespace chokepoint::test {

/// Absolute path of a file in the source tree.
std::string source_path(const std::string& relative);

/// Read a whole file.
std::string read_text(const std::string& path);

/// A fresh empty directory under the test temp dir.
std::string temp_dir(const std::string& name);

/// "model.json:LINE:COL" of the `nth` occurrence of `token` in `text`: the
/// position an error about that token should carry, found by plain search.
std::string position_of_token(const std::string& text, const std::string& token, int nth = 1);

/// Load scenario text; fails the test with the loader's message if invalid.
LoadedScenario load_ok(const std::string& text);

/// The loader's message for invalid text ("" if it loads).
std::string load_error(const std::string& text);

struct CommandResult {
  int status = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
/// Run the chokepoint binary with arguments (shell-quoted by the caller).
CommandResult run_cli(const std::string& args);

/// Run a study and return its results.json text.
std::string results_json_text(const CompiledModel& model, const Scenario& s, const StudyOptions& options);

/// Sets an environment variable for the commands a test runs, and puts back
/// its old value afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ScopedEnv(ScopedEnv&&) = delete;
  ScopedEnv& operator=(ScopedEnv&&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace chokepoint::test
