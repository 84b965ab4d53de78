// One study from compiled model to output folder: run, statistics, files.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "model_selection.hh"
#include "study_output.hh"
#include "study_runner.hh"
#include "study_state_file.hh"
#include "study_statistics.hh"

namespace chokepoint {

struct StudyOutcome {
  std::string out_dir;
  StudyIdentity id;
  StudyStatistics stats;
  RunRecord record;
  std::string backend_note;  // why another backend than asked for ran, if one did
};

/// results/<model name>[-policy][-stress test]
std::string default_out_dir(const SelectedModel& selected);

/// Checkpoints of a long run.
struct CheckpointOptions {
  std::string path;             // where to save; empty: only on interruption, to OUT/checkpoint.state
  double every_seconds = 60.0;  // between two saves
  const std::atomic<bool>* stop = nullptr;  // set by SIGINT/SIGTERM: save and stop
  const StudyStateFile* resume = nullptr;   // continue from this checkpoint
};

/// Run `selected` with `options`, compute its statistics and write its
/// folder `out_dir` (results.json last). `command_line` goes into the
/// manifest. With `checkpoints`, saves the run as it goes and, when stopped
/// by a signal, throws InterruptedError saying how to resume.
StudyOutcome run_study_to_folder(const SelectedModel& selected, const std::string& model_file,
                                 const StudyOptions& options, const std::string& out_dir, const ProgressFn& progress,
                                 const std::vector<std::string>& command_line,
                                 const CheckpointOptions* checkpoints = nullptr);

/// Shard `index` of `count` (1-based): the study's batches split into `count`
/// consecutive parts. Runs its part and writes a part file for `merge`.
void run_shard(const SelectedModel& selected, const std::string& model_file, const StudyOptions& options,
               std::uint64_t index, std::uint64_t count, const std::string& part_path, const ProgressFn& progress);

/// Batches [first, end) of shard `index` of `count` among `batches`.
std::pair<std::uint64_t, std::uint64_t> shard_batches(std::uint64_t batches, std::uint64_t index, std::uint64_t count);

/// Check that `parts` are all the shards of one study, merge them and write
/// the results folder: byte-identical to the same study run at once.
StudyOutcome merge_shards(const std::vector<std::string>& parts, const std::string& out_dir,
                          const std::vector<std::string>& command_line);

/// Statistics and identity of a finished run (`started`: UTC time), with
/// nothing written: out_dir stays empty.
StudyOutcome study_outcome(const SelectedModel& selected, const StudyOptions& options, const StudyRun& run,
                           const std::string& model_file, const std::vector<std::string>& command_line,
                           const std::string& started);

/// study_outcome and the results folder `out_dir`.
StudyOutcome finish_study(const SelectedModel& selected, const StudyOptions& options, const StudyRun& run,
                          const std::string& model_file, const std::string& out_dir,
                          const std::vector<std::string>& command_line, const std::string& started);

/// The study options a state file was made with (seed, scenarios, batches, top-K).
StudyOptions options_of(const StudyStateFile& state);

}  // namespace chokepoint
