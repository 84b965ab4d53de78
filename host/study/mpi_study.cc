#include "mpi_study.hh"

#include <mpi.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <memory>

#include "byte_stream.hh"
#include "diagnostics.hh"
#include "hardware.hh"
#include "message_pieces.hh"

namespace chokepoint {

namespace {

/// Failure kinds, ordered by the exit status they map to.
enum Failure : int { kNone = 0, kInternal = 1, kInput = 2, kOutput = 3 };

std::unique_ptr<MpiSession>& session_slot() {
  static std::unique_ptr<MpiSession> session;
  return session;
}

/// Largest piece of a part (message_pieces.hh). CHOKEPOINT_MPI_PIECE_BYTES
/// lowers it, so that tests run the path of many pieces with small studies.
std::uint64_t piece_bytes() {
  constexpr std::uint64_t kDefault = std::uint64_t{1} << 30;
  const char* forced = std::getenv("CHOKEPOINT_MPI_PIECE_BYTES");
  if (forced == nullptr) return kDefault;
  const unsigned long long bytes = std::strtoull(forced, nullptr, 10);
  return bytes > 0 && bytes < kDefault ? bytes : kDefault;
}

/// Every rank's part at rank 0, in rank order, which is batch order (empty on
/// the other ranks). The parts travel as bytes (host copies: Debian's Open
/// MPI is not CUDA-aware), each in pieces of at most piece_bytes(), so no
/// count needs more than an int and no offset is held in one.
std::vector<std::string> gather_parts(const std::string& part, const MpiSession& s) {
  constexpr int kPartTag = 1;
  const std::uint64_t length = part.size();
  std::vector<std::uint64_t> lengths(static_cast<std::size_t>(s.size()));
  MPI_Gather(&length, 1, MPI_UINT64_T, lengths.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  const std::uint64_t piece = piece_bytes();
  std::vector<std::string> parts;
  if (s.rank() != 0) {
    for (const MessagePiece& p : message_pieces(length, piece)) {
      MPI_Send(part.data() + p.offset, p.count, MPI_CHAR, 0, kPartTag, MPI_COMM_WORLD);
    }
    return parts;
  }
  parts.resize(lengths.size());
  parts[0] = part;
  for (std::size_t r = 1; r < lengths.size(); ++r) {
    std::string& into = parts[r];
    into.resize(lengths[r]);
    for (const MessagePiece& p : message_pieces(lengths[r], piece)) {
      // Messages from one rank with one tag arrive in the order sent.
      MPI_Recv(into.data() + p.offset, p.count, MPI_CHAR, static_cast<int>(r), kPartTag, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
    }
  }
  return parts;
}

/// Agree across ranks on whether anyone failed; rank 0 learns the first message.
void agree_on_failure(Failure mine, const std::string& message) {
  int local = mine;
  int worst = kNone;
  MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (worst == kNone) return;
  const MpiSession& s = mpi_session();
  const std::vector<std::string> messages = gather_parts(message, s);
  std::string first;
  for (std::size_t r = 0; r < messages.size() && first.empty(); ++r) {
    if (!messages[r].empty()) first = s.size() > 1 && r > 0 ? fmt::format("rank {}: {}", r, messages[r]) : messages[r];
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

  const std::vector<std::string> parts = gather_parts(part, s);
  std::optional<StudyOutcome> outcome;
  collectively([&] {
    if (s.rank() != 0) return;
    const std::size_t top_k = resolved_top_k(options);
    const AccumulatorShape shape = AccumulatorShape::of(selected->model, top_k);
    StudyRun run{StudyAccumulator(shape), BatchStatistics{}, "mpi", backend, "", 0.0, std::nullopt};
    for (const std::string& bytes : parts) {
      const StudyResume piece = decode_state_body(bytes, shape);
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
