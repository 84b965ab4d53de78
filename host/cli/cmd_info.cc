// chokepoint info: what a model contains.
#include <fmt/format.h>

#include "backend_report.hh"
#include "commands.hh"
#include "model_info.hh"
#include "model_selection.hh"

namespace chokepoint::cli {

void add_info_command(CLI::App& app) {
  struct Args {
    std::string file, policy, stress;
    bool backends = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("info", "Describe a model: nodes, sectors, events, policies, steady-state flows");
  cmd->add_option("scenario", args->file, "Scenario file");
  cmd->add_flag("--backends", args->backends,
                "List the backends of this build and what they see here (GPU name, memory, compute capability, "
                "OpenMP threads, Kokkos execution space)");
  cmd->add_option("--policy", args->policy, "Describe the model with this policy applied");
  cmd->add_option("--stress", args->stress, "Describe the model with this stress test");
  cmd->callback([args] {
    if (args->backends) {
      fmt::print("{}", describe_backends());
      if (args->file.empty()) return;
      fmt::print("\n");
    }
    if (args->file.empty()) throw CLI::RequiredError("scenario (or --backends)");
    fmt::print("{}", describe_model(*select_model(args->file, args->policy, args->stress)));
  });
}

}  // namespace chokepoint::cli
