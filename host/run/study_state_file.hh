// Files that hold a study in progress: checkpoints (to resume a run) and
// shard parts (to merge the shards of a batch job array). Both carry the
// study's identity, the scenario file itself (so merging needs nothing
// else), the accumulators and the batch statistics, and end with a SHA-256
// of everything before it: a truncated or altered file is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "batch_statistics.hh"
#include "study_accumulator.hh"
#include "study_runner.hh"

namespace chokepoint {

// 2: units of probability mass (importance sampling) and batch quantiles.
inline constexpr std::uint32_t kStateFileVersion = 2;

/// Everything that must match for two parts to belong to one study.
struct StudyKey {
  std::string model_sha256;
  std::string model_name;
  std::string policy;
  std::string stress_test;
  std::string importance;  // --importance as given
  std::uint64_t seed = 0;
  std::uint64_t scenarios = 0;
  std::uint64_t batches = 0;  // as requested (--batches)
  std::uint64_t top_k = 0;

  /// "" when equal, else the first difference in words:
  /// "seed 3 (OTHER_NAME: 1)".
  [[nodiscard]] std::string difference(const StudyKey& other, const std::string& other_name) const;
};

StudyKey study_key(const std::string& model_sha256, const std::string& model_name, const std::string& policy,
                   const std::string& stress_test, const std::string& importance, const StudyOptions& options);

struct StudyStateFile {
  std::string kind;  // "checkpoint" or "shard"
  StudyKey key;
  std::string model_file;  // as given when the study started
  std::string model_text;  // the scenario file's bytes
  std::uint64_t shard_index = 0;  // 1-based; 0 for a checkpoint
  std::uint64_t shard_count = 0;
  std::uint64_t first_batch = 0;  // batches this file covers
  std::uint64_t end_batch = 0;
  std::uint64_t next_scenario = 0;  // checkpoint: where to continue
  std::string body;  // encoded accumulators; see encode_state_body / decode_state_body
};

/// Encode the study's accumulators for a state file.
std::string encode_state_body(const StudyAccumulator& total, const BatchStatistics& batches,
                              const StudyAccumulator* batch_in_progress);
/// Decode them into accumulators of `shape`.
StudyResume decode_state_body(const std::string& body, const AccumulatorShape& shape);

/// Write atomically (temporary file, fsync, rename).
void write_state_file(const std::string& path, const StudyStateFile& state);
/// Read and verify; a missing, truncated, damaged or foreign file is an
/// InputError that names the file and what is wrong.
StudyStateFile read_state_file(const std::string& path);

}  // namespace chokepoint
