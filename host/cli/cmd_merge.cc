// chokepoint merge: the shards of a study, as one results folder.
#include <fmt/format.h>

#include "commands.hh"
#include "study_pipeline.hh"
#include "summary.hh"

namespace chokepoint::cli {

void add_merge_command(CLI::App& app) {
  struct Args {
    std::vector<std::string> parts;
    std::string out;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("merge", "Merge the shard parts of a study (run --shard I/K) into its results");
  cmd->footer("Checks that the parts are all the shards of one study (same model file, seed, scenarios, batches,\n"
              "policy, stress test and shard count), none missing or given twice, and writes the results folder:\n"
              "byte-identical to the same study run in one go.");
  cmd->add_option("parts", args->parts, "Part files (shard-I-of-K.part), in any order")->required();
  cmd->add_option("--out", args->out, "Output folder")->required();
  cmd->add_flag("-q,--quiet", args->quiet, "Print only the results path");
  cmd->callback([args] {
    const StudyOutcome outcome = merge_shards(args->parts, args->out, command_line());
    if (args->quiet) {
      fmt::print("{}/results.json\n", args->out);
    } else {
      fmt::print("{}", format_summary(outcome.id, outcome.stats, outcome.record, args->out));
    }
  });
}

}  // namespace chokepoint::cli
