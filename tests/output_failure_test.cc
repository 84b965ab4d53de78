// Failure behaviour of a run: a full disk (simulated with a file-size limit,
// RLIMIT_FSIZE, under which a write fails with EFBIG as it would with
// ENOSPC) gives a clear error, exit status 1, leaves no results.json and no
// temporary file, and never damages the previous version of a file; a
// missing GPU is a clear input error with --backend cuda and a note with
// auto. (An unwritable output directory is in cli_test.cc.)
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>

#include "atomic_file.hh"
#include "diagnostics.hh"
#include "test_support.hh"
#ifdef CHOKEPOINT_HAVE_CUDA
#include "cuda/cuda_runner.hh"
#endif

namespace chokepoint {
namespace {

std::string demo() { return test::source_path("scenarios/demo.json"); }

/// Files of a folder and their sizes.
std::map<std::string, std::uintmax_t> listing(const std::string& dir) {
  std::map<std::string, std::uintmax_t> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    files[entry.path().filename().string()] = entry.file_size();
  }
  return files;
}

/// `chokepoint ARGS` with files limited to `kib` KiB; SIGXFSZ is ignored
/// (as bash passes it on), so that a write past the limit fails with EFBIG.
test::CommandResult run_with_file_limit(int kib, const std::string& args) {
  const std::string dir = test::temp_dir("limited");
  const std::string command = "bash -c \"trap '' XFSZ; ulimit -f " + std::to_string(kib) + "; exec " +
                              CHOKEPOINT_BINARY + " " + args + "\" >" + dir + "/stdout 2>" + dir + "/stderr";
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw), test::read_text(dir + "/stdout"),
          test::read_text(dir + "/stderr")};
}

TEST(OutputFailure, FullDiskWhileWritingResultsLeavesNoResultsFile) {
  const std::string out = test::temp_dir("full");
  const std::string args = "run " + demo() + " -n 500 --quiet --out " + out;
  ASSERT_EQ(test::run_cli(args).status, 0);
  // A limit that every other file fits under and results.json (the largest) does not.
  auto sizes = listing(out);
  const std::uintmax_t results_size = sizes.at("results.json");
  sizes.erase("results.json");
  std::uintmax_t largest_other = 0;
  for (const auto& [name, size] : sizes) largest_other = std::max(largest_other, size);
  const int kib = static_cast<int>(largest_other / 1024 + 1);
  ASSERT_GT(results_size, static_cast<std::uintmax_t>(kib) * 1024) << "results.json is no longer the largest file";

  const auto r = run_with_file_limit(kib, args);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: " + out + "/results.json: cannot write: File too large\n");
  EXPECT_EQ(r.out, "");
  const auto after = listing(out);
  EXPECT_EQ(after.count("results.json"), 0u) << "a results.json from the previous run would look complete";
  EXPECT_EQ(after.size(), sizes.size()) << "a temporary file was left behind";
}

TEST(OutputFailure, FullDiskAtTheFirstTableRemovesTheOldResultsAndKeepsOldTablesWhole) {
  const std::string out = test::temp_dir("full-early");
  const std::string args = "run " + demo() + " -n 500 --quiet --out " + out;
  ASSERT_EQ(test::run_cli(args).status, 0);
  const auto before = listing(out);
  const std::string old_quantiles = test::read_text(out + "/quantiles.csv");

  const auto r = run_with_file_limit(1, "run " + demo() + " -n 700 --quiet --out " + out);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: " + out + "/quantiles.csv: cannot write: File too large\n");
  auto after = listing(out);
  EXPECT_EQ(after.count("results.json"), 0u);
  EXPECT_EQ(after.size(), before.size() - 1) << "a temporary file was left behind";
  EXPECT_EQ(test::read_text(out + "/quantiles.csv"), old_quantiles);
}

TEST(OutputFailure, AFailedAtomicWriteKeepsThePreviousContent) {
  const std::string dir = test::temp_dir("atomic");
  const std::string path = dir + "/state";
  write_file_atomically(path, "previous");
  // This process's own limit: 1 KiB, with SIGXFSZ ignored; restored below.
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = saved;
  limited.rlim_cur = 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  std::string message;
  try {
    write_file_atomically(path, std::string(4096, 'x'));
  } catch (const OutputError& e) {
    message = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(message, path + ": cannot write: File too large");
  EXPECT_EQ(test::read_text(path), "previous");
  EXPECT_EQ(listing(dir).size(), 1u) << "a temporary file was left behind";
}

TEST(OutputFailure, CheckpointThatCannotBeWrittenIsAnOutputError) {
  const std::string dir = test::temp_dir("checkpoint");
  std::ofstream(dir + "/file") << "x";
  const auto r = test::run_cli("run " + demo() + " -n 500 --quiet --checkpoint-every 0.001 --checkpoint " + dir +
                               "/file/run.state --out " + dir + "/out");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "error: " + dir + "/file: cannot create output directory: Not a directory\n");
  EXPECT_FALSE(std::filesystem::exists(dir + "/out/results.json"));
}

TEST(BackendChoice, CudaWithoutADeviceIsAnInputErrorAndAutoFallsBackToTheCpu) {
  const std::string out = test::temp_dir("cuda");
#ifdef CHOKEPOINT_HAVE_CUDA
  if (!cuda_devices().empty()) GTEST_SKIP() << "a CUDA device is visible";
  const auto cuda = test::run_cli("run " + demo() + " -n 500 --backend cuda --out " + out);
  EXPECT_EQ(cuda.status, 2);
  EXPECT_EQ(cuda.err, "--backend cuda: no CUDA device is available\n");
  const auto automatic = test::run_cli("run " + demo() + " -n 500 --backend auto --out " + out);
  EXPECT_EQ(automatic.status, 0);
  EXPECT_EQ(automatic.err, "note: --backend auto: no CUDA device found, running on the CPU\n");
#else
  const auto cuda = test::run_cli("run " + demo() + " -n 500 --backend cuda --out " + out);
  EXPECT_EQ(cuda.status, 2);
  EXPECT_EQ(cuda.err.rfind("--backend cuda: this build of chokepoint has no cuda backend (it was not found when "
                           "building); backends in this build: auto, cpu",
                           0),
            0u)
      << cuda.err;
  const auto automatic = test::run_cli("run " + demo() + " -n 500 --backend auto --out " + out);
  EXPECT_EQ(automatic.status, 0);
  EXPECT_EQ(automatic.err, "");
#endif
  EXPECT_EQ(std::filesystem::exists(out + "/results.json"), true);  // from the auto run only
}

}  // namespace
}  // namespace chokepoint
