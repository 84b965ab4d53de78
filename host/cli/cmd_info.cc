// chokepoint info: what a model contains.
#include <fmt/format.h>

#include "commands.hh"
#include "model_info.hh"
#include "model_selection.hh"

namespace chokepoint::cli {

void add_info_command(CLI::App& app) {
  struct Args {
    std::string file, policy, stress;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("info", "Describe a model: nodes, sectors, events, policies, steady-state flows");
  cmd->add_option("scenario", args->file, "Scenario file")->required();
  cmd->add_option("--policy", args->policy, "Describe the model with this policy applied");
  cmd->add_option("--stress", args->stress, "Describe the model with this stress test");
  cmd->callback([args] { fmt::print("{}", describe_model(*select_model(args->file, args->policy, args->stress))); });
}

}  // namespace chokepoint::cli
