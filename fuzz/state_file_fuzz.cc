// libFuzzer target: checkpoint and shard files (host/study_state_file.cc).
//
// Each input is tried twice: as it is, where the header and the SHA-256 at
// the end must refuse anything damaged, and with its last 32 bytes replaced
// by the SHA-256 of the rest, as a crafted file would carry, so that
// mutations reach the header fields and the decoder of the accumulators.
// What decodes is merged with itself and turned into results.json, as
// `chokepoint merge` does with two parts, against the model the seeds are
// made from (scenarios/demo.json; see make_state_seed.cc). A file may be refused only with an InputError (or a
// ByteStreamError from the decoder, which merge reports as one); any other
// exception escaping, a crash or a sanitizer report is a bug.
#include <unistd.h>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "byte_stream.hh"
#include "diagnostics.hh"
#include "model_selection.hh"
#include "sha256.hh"
#include "study_output.hh"
#include "study_pipeline.hh"
#include "study_state_file.hh"
#include "study_statistics.hh"

namespace {

using namespace chokepoint;

constexpr std::size_t kDigestBytes = 32;

const SelectedModel& demo() {
  static const std::unique_ptr<SelectedModel> model =
      select_model(std::string(CHOKEPOINT_SOURCE_DIR) + "/scenarios/demo.json", "", "");
  return *model;
}

/// read_state_file reads a path: one scratch file per process, in memory
/// where /dev/shm exists, removed at exit.
struct ScratchFile {
  std::string path;
  ScratchFile() {
    const std::filesystem::path dir = std::filesystem::is_directory("/dev/shm") ? std::filesystem::path("/dev/shm")
                                                                                : std::filesystem::temp_directory_path();
    path = (dir / ("chokepoint-fuzz-state-" + std::to_string(::getpid()))).string();
  }
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

const std::string& scratch_path() {
  static const ScratchFile file;
  return file.path;
}

std::string with_valid_digest(std::string_view data) {
  std::string out(data.substr(0, data.size() - kDigestBytes));
  const std::string hex = sha256_hex(out);
  for (std::size_t i = 0; i < kDigestBytes; ++i) out += static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

/// What merge_shards does with one part, short of writing the folder.
void merge_and_report(const StudyStateFile& state) {
  const SelectedModel& selected = demo();
  const StudyOptions options = options_of(state);
  const AccumulatorShape shape = AccumulatorShape::of(selected.model, resolved_top_k(options));
  std::optional<StudyResume> part;
  try {
    part.emplace(decode_state_body(state.body, shape));
  } catch (const ByteStreamError&) {
    return;
  }
  // Twice, as two shards of one study are merged (and a checkpoint's batch in progress).
  StudyAccumulator total(shape);
  total.merge(part->total);
  total.merge(part->total);
  total.merge(part->batch);
  BatchStatistics batches;
  batches.batch_size = part->batches.batch_size;
  batches.append(part->batches);
  batches.append(part->batches);
  const StudyStatistics stats = compute_statistics(total, batches, selected.model);
  const StudyIdentity id = identify_study(selected.scenario, selected.loaded.sha256, options.seed, total.count(),
                                          state.key.policy, state.key.stress_test);
  (void)boost::json::serialize(results_json(id, stats));
}

void try_file(const std::string& bytes) {
  {
    std::ofstream out(scratch_path(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::optional<StudyStateFile> state;
  try {
    state.emplace(read_state_file(scratch_path()));
  } catch (const InputError&) {
    return;
  }
  merge_and_report(*state);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  demo();  // load the model once, before the first input
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try_file(bytes);
  if (size >= kDigestBytes) try_file(with_valid_digest(bytes));
  return 0;
}
