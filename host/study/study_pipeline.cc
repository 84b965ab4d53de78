#include "study_pipeline.hh"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "atomic_file.hh"
#include "byte_stream.hh"
#include "diagnostics.hh"
#include "hardware.hh"

namespace chokepoint {

StudyOutcome study_outcome(const SelectedModel& selected, const StudyOptions& options, const StudyRun& run,
                           const std::string& model_file, const std::vector<std::string>& command_line,
                           const std::string& started) {
  StudyOutcome outcome;
  outcome.record.model_file = model_file;
  outcome.record.started_utc = started;
  outcome.record.command_line = command_line;
  outcome.backend_note = run.backend_note;
  outcome.record.backend = run.backend;
  outcome.record.backend_description = run.backend_description;
  outcome.record.wall_seconds = run.wall_seconds;
  outcome.stats = compute_statistics(run.accumulator, run.batches, selected.model);
  outcome.id = identify_study(selected.scenario, selected.loaded.sha256, options.seed, run.accumulator.count(),
                              selected.policy, selected.stress_test);
  outcome.id.target = run.target;
  outcome.id.importance = selected.importance;
  return outcome;
}

StudyOutcome finish_study(const SelectedModel& selected, const StudyOptions& options, const StudyRun& run,
                          const std::string& model_file, const std::string& out_dir,
                          const std::vector<std::string>& command_line, const std::string& started) {
  StudyOutcome outcome = study_outcome(selected, options, run, model_file, command_line, started);
  outcome.out_dir = out_dir;
  write_study_outputs(out_dir, outcome.id, outcome.stats, outcome.record);
  return outcome;
}

namespace {

StudyStateFile state_header(const SelectedModel& selected, const std::string& model_file, const StudyOptions& options,
                            const std::string& kind) {
  StudyStateFile s;
  s.kind = kind;
  s.key = study_key(selected.loaded.sha256, selected.scenario.name, selected.policy, selected.stress_test,
                    selected.importance, options);
  s.model_file = model_file;
  s.model_text = selected.loaded.doc.text;
  return s;
}

/// Decode a state file's accumulators for `selected`'s model.
StudyResume decode(const StudyStateFile& state, const SelectedModel& selected, const StudyOptions& options,
                   const std::string& path) {
  try {
    StudyResume r = decode_state_body(state.body, AccumulatorShape::of(selected.model, resolved_top_k(options)));
    const bool weighted = !selected.model.importance_factors().empty();
    for (const StudyAccumulator* acc : {&r.total, &r.batch}) {
      if (!weighted && acc->units() != acc->count()) throw ByteStreamError("weighted accumulators in a plain study");
    }
    return r;
  } catch (const ByteStreamError& e) {
    throw InputError(fmt::format("{}: not a usable chokepoint state file: {}", path, e.what()));
  }
}

}  // namespace

std::string default_out_dir(const SelectedModel& selected) {
  std::string out = "results/" + selected.scenario.name;
  if (!selected.policy.empty()) out += "-" + selected.policy;
  if (!selected.stress_test.empty()) out += "-" + selected.stress_test;
  return out;
}

StudyOptions options_of(const StudyStateFile& state) {
  StudyOptions o;
  o.seed = state.key.seed;
  o.scenarios = state.key.scenarios;
  o.batches = state.key.batches;
  o.top_k = state.key.top_k;
  return o;
}

StudyOutcome run_study_to_folder(const SelectedModel& selected, const std::string& model_file,
                                 const StudyOptions& options, const std::string& out_dir, const ProgressFn& progress,
                                 const std::vector<std::string>& command_line, const CheckpointOptions* checkpoints) {
  const std::string started = utc_timestamp();
  RunControl control;
  std::optional<StudyResume> resume;
  std::string checkpoint_path;
  if (checkpoints != nullptr) {
    if (options.target) throw InputError("--target-rel-ci cannot be combined with --checkpoint or --resume");
    checkpoint_path = checkpoints->path.empty() ? out_dir + "/checkpoint.state" : checkpoints->path;
    if (const StudyStateFile* r = checkpoints->resume) {
      const StudyKey key = study_key(selected.loaded.sha256, selected.scenario.name, selected.policy,
                                     selected.stress_test, selected.importance, options);
      if (r->kind != "checkpoint") throw InputError(fmt::format("{}: is a {} file, not a checkpoint", checkpoints->path, r->kind));
      if (const std::string diff = r->key.difference(key, "this run"); !diff.empty()) {
        throw InputError(fmt::format("{}: the checkpoint belongs to a different study: {}", checkpoints->path, diff));
      }
      resume = decode(*r, selected, options, checkpoints->path);
      resume->next_scenario = r->next_scenario;
      control.resume = &*resume;
    }
    control.stop = checkpoints->stop;
    auto last = std::chrono::steady_clock::now();
    control.after_chunk = [&, last](const StudySnapshot& snap, bool stopping) mutable {
      const auto now = std::chrono::steady_clock::now();
      const bool periodic = !checkpoints->path.empty() &&
                            std::chrono::duration<double>(now - last).count() >= checkpoints->every_seconds;
      if (!periodic && !stopping) return;
      StudyStateFile state = state_header(selected, model_file, options, "checkpoint");
      state.end_batch = batch_count(options);
      state.next_scenario = snap.next_scenario;
      state.body = encode_state_body(snap.total, snap.batches, &snap.batch);
      ensure_output_directory(std::filesystem::path(checkpoint_path).parent_path().string());
      write_state_file(checkpoint_path, state);
      last = now;
    };
  }
  try {
    StudyRun run = run_study(selected.model, options, progress, control);
    StudyOutcome outcome = finish_study(selected, options, run, model_file, out_dir, command_line, started);
    if (checkpoints != nullptr && checkpoints->path.empty()) std::filesystem::remove(checkpoint_path);
    return outcome;
  } catch (const StudyInterrupted& stop) {
    throw InterruptedError(fmt::format(
        "interrupted after {} of {} scenarios; checkpoint saved to {}\nresume with: chokepoint run --resume {} --out {}",
        stop.next, stop.total, checkpoint_path, checkpoint_path, out_dir));
  }
}

std::pair<std::uint64_t, std::uint64_t> shard_batches(std::uint64_t batches, std::uint64_t index, std::uint64_t count) {
  return {(index - 1) * batches / count, index * batches / count};
}

void run_shard(const SelectedModel& selected, const std::string& model_file, const StudyOptions& options,
               std::uint64_t index, std::uint64_t count, const std::string& part_path, const ProgressFn& progress) {
  if (options.target) throw InputError("--target-rel-ci cannot be combined with --shard");
  const std::uint64_t batches = batch_count(options);
  if (index < 1 || count < 1 || index > count) {
    throw InputError(fmt::format("--shard {}/{}: expected I/K with 1 <= I <= K", index, count));
  }
  if (count > batches) {
    throw InputError(fmt::format("--shard {}/{}: the study has only {} batches, so at most {} shards (raise --batches)",
                                 index, count, batches, batches));
  }
  const auto [first, end] = shard_batches(batches, index, count);
  RunControl control;
  control.first_batch = first;
  control.end_batch = end;
  const StudyRun run = run_study(selected.model, options, progress, control);
  StudyStateFile state = state_header(selected, model_file, options, "shard");
  state.shard_index = index;
  state.shard_count = count;
  state.first_batch = first;
  state.end_batch = end;
  state.body = encode_state_body(run.accumulator, run.batches, nullptr);
  write_state_file(part_path, state);
}

StudyOutcome merge_shards(const std::vector<std::string>& parts, const std::string& out_dir,
                          const std::vector<std::string>& command_line) {
  const std::string started = utc_timestamp();
  const auto begin = std::chrono::steady_clock::now();
  std::map<std::uint64_t, std::pair<std::string, StudyStateFile>> by_index;
  const StudyStateFile* first = nullptr;
  for (const std::string& path : parts) {
    StudyStateFile state = read_state_file(path);
    if (state.kind != "shard") throw InputError(fmt::format("{}: is a {} file, not a shard part", path, state.kind));
    if (first != nullptr) {
      const std::string& first_path = by_index.begin()->second.first;
      if (const std::string diff = state.key.difference(first->key, first_path); !diff.empty()) {
        throw InputError(fmt::format("{}: belongs to a different study than {}: {}", path, first_path, diff));
      }
      if (state.shard_count != first->shard_count) {
        throw InputError(fmt::format("{}: is shard {} of {}, but {} is of {}", path, state.shard_index, state.shard_count,
                                     by_index.begin()->second.first, first->shard_count));
      }
    }
    const std::uint64_t index = state.shard_index;
    if (const auto it = by_index.find(index); it != by_index.end()) {
      throw InputError(fmt::format("shard {} of {} is given twice: {} and {}", index, state.shard_count, it->second.first, path));
    }
    by_index.emplace(index, std::make_pair(path, std::move(state)));
    first = &by_index.begin()->second.second;
  }
  if (first == nullptr) throw InputError("merge: no part files given");
  const std::uint64_t count = first->shard_count;
  for (std::uint64_t i = 1; i <= count; ++i) {
    if (by_index.find(i) == by_index.end()) {
      throw InputError(fmt::format("shard {} of {} is missing (given: {})", i, count, by_index.size()));
    }
  }
  const StudyStateFile& head = by_index.begin()->second.second;
  const auto selected = select_model(load_scenario_text(head.model_file, head.model_text), head.key.policy,
                                     head.key.stress_test, head.key.importance);
  StudyOptions options = options_of(head);
  StudyRun run{StudyAccumulator(AccumulatorShape::of(selected->model, resolved_top_k(options))), BatchStatistics{},
               "merged", fmt::format("{} shards", count), "", 0.0, std::nullopt};
  for (const auto& [index, entry] : by_index) {
    StudyResume part = decode(entry.second, *selected, options, entry.first);
    run.accumulator.merge(part.total);
    if (run.batches.batch_size == 0) run.batches.batch_size = part.batches.batch_size;
    run.batches.append(part.batches);
  }
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return finish_study(*selected, options, run, head.model_file, out_dir, command_line, started);
}

}  // namespace chokepoint
