// chokepoint replay: one scenario of a study, week by week.
#include <fmt/format.h>

#include "commands.hh"
#include "model_selection.hh"
#include "replay.hh"
#include "replay_format.hh"
#include "study_runner.hh"

namespace chokepoint::cli {

void add_replay_command(CLI::App& app) {
  struct Args {
    std::string file, policy, stress, importance;
    std::uint64_t scenario = 0;
    std::uint64_t seed = 1;
    bool csv = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("replay", "Re-simulate one scenario of a study and print its timeline");
  cmd->footer("A scenario is named by its index and the study's seed (see worst_scenarios in results.json);\n"
              "the replay uses the same model code and the same random draws as the study.");
  cmd->add_option("scenario-file", args->file, "Scenario file")->required();
  cmd->add_option("--scenario", args->scenario, "Scenario index")->required()->check(CLI::Range(std::uint64_t{0}, kMaxScenarios - 1));
  cmd->add_option("--seed", args->seed, "The study's seed")->default_val(1);
  cmd->add_option("--policy", args->policy, "The study's policy, if any");
  cmd->add_option("--stress", args->stress, "The study's stress test, if any");
  cmd->add_option("--importance", args->importance,
                  "The study's --importance, if any (scenarios are drawn with the raised rates)");
  cmd->add_flag("--csv", args->csv, "CSV with every node, sector and event per week");
  cmd->callback([args] {
    const auto selected = select_model(args->file, args->policy, args->stress, args->importance);
    const Trace trace = replay_scenario(selected->model, args->seed, args->scenario);
    fmt::print("{}", args->csv ? format_trace_csv(*selected, trace) : format_trace_table(*selected, trace, args->seed));
  });
}

}  // namespace chokepoint::cli
