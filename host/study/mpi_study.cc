#include "mpi_study.hh"

#include <mpi.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <memory>

#include "byte_stream.hh"
#include "diagnostics.hh"
#include "hardware.hh"

namespace chokepoint {

namespace {

/// Failure kinds, ordered by the exit status they map to.
enum Failure : int { kNone = 0, kInternal = 1, kInput = 2, kOutput = 3 };

std::unique_ptr<MpiSession>& session_slot() {
  static std::unique_ptr<MpiSession> session;
  return session;
}

/// Agree across ranks on whether anyone failed; rank 0 learns the first message.
void agree_on_failure(Failure mine, const std::string& message) {
  int local = mine;
  int worst = kNone;
  MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (worst == kNone) return;
  const MpiSession& s = mpi_session();
  // Gather every rank's message at rank 0, then report the first one.
  const int length = static_cast<int>(message.size());
  std::vector<int> lengths(static_cast<std::size_t>(s.size()));
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(lengths.size(), 0);
  std::string all;
  if (s.rank() == 0) {
    for (std::size_t r = 1; r < lengths.size(); ++r) offsets[r] = offsets[r - 1] + lengths[r - 1];
    all.resize(static_cast<std::size_t>(offsets.back() + lengths.back()));
  }
  MPI_Gatherv(message.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  std::string first;
  if (s.rank() == 0) {
    for (std::size_t r = 0; r < lengths.size() && first.empty(); ++r) {
      if (lengths[r] > 0) {
        const std::string text = all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(lengths[r]));
        first = s.size() > 1 && r > 0 ? fmt::format("rank {}: {}", r, text) : text;
      }
    }
  }
  switch (worst) {
    case kInput:
      throw InputError(first);
    case kOutput:
      throw OutputError(first);
    default:
      throw std::runtime_error(first);
  }
}

/// Run `work` on every rank and agree on failure afterwards.
template <class Work>
void collectively(Work&& work) {
  Failure failure = kNone;
  std::string message;
  try {
    work();
  } catch (const InputError& e) {
    failure = kInput;
    message = e.what();
  } catch (const OutputError& e) {
    failure = kOutput;
    message = e.what();
  } catch (const std::exception& e) {
    failure = kInternal;
    message = e.what();
  }
  agree_on_failure(failure, message);
}

}  // namespace

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

MpiSession::MpiSession() {
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &local_rank_);
  MPI_Comm_free(&node);
}

MpiSession::~MpiSession() {
  if (active_) MPI_Finalize();
}

const MpiSession& mpi_session() {
  auto& slot = session_slot();
  if (!slot) slot = std::make_unique<MpiSession>();
  return *slot;
}

std::optional<StudyOutcome> run_study_mpi(const std::string& file, const std::string& policy, const std::string& stress,
                                          const std::string& importance, StudyOptions options, const std::string& out_dir,
                                          const std::vector<std::string>& command_line) {
  const MpiSession& s = mpi_session();
  const std::string started = utc_timestamp();
  const auto begin = std::chrono::steady_clock::now();
  std::unique_ptr<SelectedModel> selected;
  std::string part;
  std::string backend;
  collectively([&] {
    if (options.target) throw InputError("--target-rel-ci cannot be combined with MPI");
    selected = select_model(file, policy, stress, importance);
    const std::uint64_t batches = batch_count(options);
    if (static_cast<std::uint64_t>(s.size()) > batches) {
      throw InputError(fmt::format("{} MPI ranks but the study has only {} batches; use at most {} ranks or raise --batches",
                                   s.size(), batches, batches));
    }
    // One GPU per rank: ranks of a node take its devices in turn.
    options.backend.device = s.local_rank();
    const auto [first, end] = shard_batches(batches, static_cast<std::uint64_t>(s.rank()) + 1,
                                            static_cast<std::uint64_t>(s.size()));
    RunControl control;
    control.first_batch = first;
    control.end_batch = end;
    const StudyRun run = run_study(selected->model, options, nullptr, control);
    part = encode_state_body(run.accumulator, run.batches, nullptr);
    backend = fmt::format("{} ({} MPI ranks; rank 0: {})", run.backend, s.size(), run.backend_description);
  });

  // The parts travel to rank 0 as bytes (host copies: Debian's Open MPI is
  // not CUDA-aware), in rank order, which is batch order.
  const int length = static_cast<int>(part.size());
  std::vector<int> lengths(static_cast<std::size_t>(s.size()));
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(lengths.size(), 0);
  std::string all;
  if (s.rank() == 0) {
    std::uint64_t total = 0;
    for (std::size_t r = 0; r < lengths.size(); ++r) {
      offsets[r] = static_cast<int>(total);
      total += static_cast<std::uint64_t>(lengths[r]);
    }
    all.resize(total);
  }
  MPI_Gatherv(part.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);

  std::optional<StudyOutcome> outcome;
  collectively([&] {
    if (s.rank() != 0) return;
    const std::size_t top_k = resolved_top_k(options);
    const AccumulatorShape shape = AccumulatorShape::of(selected->model, top_k);
    StudyRun run{StudyAccumulator(shape), BatchStatistics{}, "mpi", backend, "", 0.0, std::nullopt};
    for (std::size_t r = 0; r < lengths.size(); ++r) {
      const StudyResume piece =
          decode_state_body(all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(lengths[r])), shape);
      run.accumulator.merge(piece.total);
      if (run.batches.batch_size == 0) run.batches.batch_size = piece.batches.batch_size;
      run.batches.append(piece.batches);
    }
    run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    outcome = finish_study(*selected, options, run, file, out_dir.empty() ? default_out_dir(*selected) : out_dir,
                           command_line, started);
  });
  return outcome;
}

}  // namespace chokepoint
