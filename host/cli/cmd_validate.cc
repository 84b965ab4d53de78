// chokepoint validate: check scenario files, report every problem.
#include <fmt/format.h>

#include <cstdio>

#include "commands.hh"
#include "diagnostics.hh"
#include "scenario_loader.hh"

namespace chokepoint::cli {

void add_validate_command(CLI::App& app) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("validate", "Check scenario files: structure, references, sums, cycles, policies");
  cmd->footer("Prints 'FILE: ok' or every problem as FILE:LINE:COLUMN: JSON-POINTER: what was expected, got what.\n"
              "Each policy is applied and its result checked too. Exit status 2 if any file has a problem.");
  cmd->add_option("files", *files, "Scenario files")->required();
  cmd->callback([files] {
    for (const std::string& file : *files) {
      try {
        const LoadedScenario s = load_scenario(file);
        fmt::print("{}: ok ({} nodes, {} events, {} policies, {} stress tests)\n", file, s.scenario.nodes.size(),
                   s.scenario.events.size(), s.scenario.policies.size(), s.scenario.stress_tests.size());
      } catch (const InputError& e) {
        fmt::print(stderr, "{}\n", e.what());
        exit_status() = 2;
      }
    }
  });
}

}  // namespace chokepoint::cli
