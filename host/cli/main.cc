// chokepoint: Monte Carlo supply-disruption risk for strategic industries.
//
// Exit status: 0 success, 2 bad input or usage, 1 internal error or outputs
// that could not be written, 130 interrupted (a checkpoint was saved).
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <new>

#include "commands.hh"
#include "diagnostics.hh"
#ifdef CHOKEPOINT_HAVE_MPI
#include "mpi_study.hh"
#endif
#include "version.hh"

namespace chokepoint::cli {
int& exit_status() {
  static int status = 0;
  return status;
}
std::vector<std::string>& command_line() {
  static std::vector<std::string> args;
  return args;
}
}  // namespace chokepoint::cli

// The function-try-block: an exception while the commands are set up (out of
// memory, CLI11 refusing an option definition) is an internal error too, exit
// status 1, where it would otherwise end the program through std::terminate.
int main(int argc, char** argv) try {
  using namespace chokepoint;
  cli::command_line().assign(argv, argv + argc);
#ifdef CHOKEPOINT_HAVE_MPI
  mpi_session();  // initialises MPI when started by mpirun or srun
#endif
  CLI::App app{
      "chokepoint runs Monte Carlo studies of supply disruptions in strategic industries: millions of scenarios\n"
      "of events (blockades, export controls, earthquakes, ...), demand and supply-chain propagation, turned\n"
      "into loss distributions, tail statistics and stress tests.\n\n"
      "Start with:  chokepoint info scenarios/demo.json\n"
      "             chokepoint run scenarios/demo.json -n 100000 --out results/demo\n",
      "chokepoint"};
  app.set_version_flag("--version", fmt::format("chokepoint {} ({})", kVersion, kGitCommit));
  app.require_subcommand(1);
  app.footer("Exit status: 0 ok, 2 bad input or usage, 1 internal error or unwritable output,\n"
             "130 interrupted by Ctrl-C or SIGTERM (a checkpoint was saved; the message says how to resume).\n"
             "Run 'chokepoint COMMAND --help' for the options of a command.");
  cli::add_run_command(app);
  cli::add_validate_command(app);
  cli::add_info_command(app);
  cli::add_replay_command(app);
  cli::add_compare_command(app);
  cli::add_plan_command(app);
  cli::add_merge_command(app);
  cli::add_report_command(app);
  cli::add_nightly_command(app);
  cli::add_synth_command(app);
  cli::add_uncertainty_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const InputError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  } catch (const InterruptedError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 130;
  } catch (const OutputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return 1;
  }
  return cli::exit_status();
} catch (const std::exception& e) {
  fmt::print(stderr, "internal error: {}\n", e.what());
  return 1;
}
