// The subcommands of the chokepoint command line, each in its own file.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace chokepoint::cli {

void add_run_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_replay_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_plan_command(CLI::App& app);
void add_merge_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_nightly_command(CLI::App& app);
void add_synth_command(CLI::App& app);
void add_uncertainty_command(CLI::App& app);

/// Set by a command whose work is done but whose exit status is not 0
/// (validate with invalid files).
int& exit_status();

/// The program's arguments, for run manifests.
std::vector<std::string>& command_line();

}  // namespace chokepoint::cli
