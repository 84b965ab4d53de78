// Seeds for fuzz_state_file: a shard part and a checkpoint (with a batch in
// progress) of a small study of scenarios/demo.json, written by the code
// that `chokepoint run --shard` and `run --checkpoint` use, so that the
// seeds follow the state file format wherever it goes.
//   make_state_seed SOURCE_DIR OUT_DIR
#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "diagnostics.hh"
#include "model_selection.hh"
#include "study_pipeline.hh"

int main(int argc, char** argv) {
  using namespace chokepoint;
  if (argc != 3) {
    fmt::print(stderr, "usage: make_state_seed SOURCE_DIR OUT_DIR\n");
    return 2;
  }
  const std::string model_file = std::string(argv[1]) + "/scenarios/demo.json";
  const std::filesystem::path out = argv[2];
  try {
    std::filesystem::create_directories(out);
    const auto selected = select_model(model_file, "", "");
    StudyOptions options;
    options.scenarios = 64;
    options.batches = 4;
    options.chunk_size = 8;  // checkpoints fall inside a batch
    options.top_k = 40;      // top-K lists longer than std::sort's insertion-sort cutoff (16)
    options.backend.name = "cpu";
    options.backend.threads = 1;
    run_shard(*selected, model_file, options, 1, 2, (out / "demo.part").string(), nullptr);

    // Stopped after the first chunk, as by Ctrl-C: the checkpoint holds a batch in progress.
    const std::atomic<bool> stop{true};
    CheckpointOptions checkpoints;
    checkpoints.path = (out / "demo.checkpoint").string();
    checkpoints.stop = &stop;
    try {
      run_study_to_folder(*selected, model_file, options, (out / "results").string(), nullptr, {}, &checkpoints);
    } catch (const InterruptedError&) {
    }
    std::filesystem::remove_all(out / "results");
    if (!std::filesystem::exists(checkpoints.path)) throw std::runtime_error("no checkpoint was written");
  } catch (const std::exception& e) {
    fmt::print(stderr, "make_state_seed: {}\n", e.what());
    return 1;
  }
  return 0;
}
