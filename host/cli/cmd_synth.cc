// chokepoint synth: write a synthetic model for scale tests and benchmarks.
#include <fmt/format.h>

#include <cstdio>

#include "atomic_file.hh"
#include "commands.hh"
#include "synth/synthetic_model.hh"

namespace chokepoint::cli {

void add_synth_command(CLI::App& app) {
  struct Args {
    SynthOptions synth;
    std::string out;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("synth", "Write a synthetic layered supply-network model (for scale tests)");
  cmd->footer(fmt::format(
      "Raw materials -> components -> assemblies -> final products over several sectors and regions, with a\n"
      "calm/tension/crisis regime, events of every kind, policies and stress tests. The same options give the\n"
      "same bytes on every machine. Limits: {} to {} nodes, 1 to {} events, 1 to {} weeks.",
      kSynthMinNodes, kSynthMaxNodes, kSynthMaxEvents, kSynthMaxWeeks));
  cmd->add_option("--nodes", args->synth.nodes, "Number of nodes")->default_val(60);
  cmd->add_option("--events", args->synth.events, "Number of events")->default_val(30);
  cmd->add_option("--weeks", args->synth.weeks, "Horizon in weeks")->default_val(104);
  cmd->add_option("--seed", args->synth.seed, "Generator seed: the same seed gives the same file")->default_val(1);
  cmd->add_option("--out", args->out, "Write to this file (atomically) instead of standard output");
  cmd->callback([args] {
    const std::string text = synthetic_model_json(args->synth);
    if (args->out.empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
      write_file_atomically(args->out, text);
    }
  });
}

}  // namespace chokepoint::cli
