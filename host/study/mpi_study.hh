// A study over MPI processes: `mpirun -np K chokepoint run ...`.
//
// Rank r runs its part of the study's batches (as shard r+1 of K would),
// encodes its accumulators like a shard part, and rank 0 gathers, merges and
// writes the results: byte-identical to a one-process run. Every rank catches
// its own errors and the ranks agree on failure in one collective step, so a
// bad input or a failed device ends all ranks with one message from rank 0,
// never a hang.
#pragma once

#include <string>
#include <vector>

#include "study_pipeline.hh"

namespace chokepoint {

/// Whether this process was started by an MPI launcher (mpirun, srun) in a
/// build with MPI. MPI is only initialised then.
bool launched_by_mpi();

/// Initialises MPI for the lifetime of the object when launched_by_mpi().
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  [[nodiscard]] int local_rank() const { return local_rank_; }  // among the ranks of this node

 private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
  int local_rank_ = 0;
};

/// The process-wide session (one rank of one process without MPI).
const MpiSession& mpi_session();

/// Run the study over all ranks; rank 0 writes `out_dir` (default_out_dir
/// when empty) and returns the
/// outcome, other ranks return nullopt. Any rank's error is rethrown on
/// every rank (rank 0 with its message, the others silently, same type).
std::optional<StudyOutcome> run_study_mpi(const std::string& file, const std::string& policy, const std::string& stress,
                                          const std::string& importance, StudyOptions options, const std::string& out_dir,
                                          const std::vector<std::string>& command_line);

}  // namespace chokepoint
