// Shards merged in any order, and a run interrupted by SIGINT then resumed,
// give the same results.json as the study run in one go; broken, missing,
// duplicated or foreign parts are refused with a clear message.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "study_state_file.hh"
#include "test_support.hh"

extern char** environ;

namespace chokepoint {
namespace {

std::string demo() { return test::source_path("scenarios/demo.json"); }

std::string run_whole(const std::string& dir, const std::string& extra = "") {
  const auto r = test::run_cli("run " + demo() + " -n 30000 --seed 4 --quiet --out " + dir + "/whole " + extra);
  EXPECT_EQ(r.status, 0) << r.err;
  return test::read_text(dir + "/whole/results.json");
}

TEST(Shards, MergedInAnyOrderEqualTheSingleRun) {
  const std::string dir = test::temp_dir("shards");
  const std::string whole = run_whole(dir);
  for (const char* shard : {"2/3", "3/3", "1/3"}) {
    const auto r = test::run_cli("run " + demo() + " -n 30000 --seed 4 --shard " + shard + " --out " + dir + "/parts");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  const std::string p = dir + "/parts/shard-";
  for (const std::string& order : {p + "1-of-3.part " + p + "2-of-3.part " + p + "3-of-3.part",
                                   p + "3-of-3.part " + p + "1-of-3.part " + p + "2-of-3.part"}) {
    const auto r = test::run_cli("merge " + order + " --quiet --out " + dir + "/merged");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(test::read_text(dir + "/merged/results.json"), whole);
  }
}

TEST(Shards, MissingDuplicatedForeignOrDamagedPartsAreRefused) {
  const std::string dir = test::temp_dir("bad-shards");
  for (const char* shard : {"1/3", "2/3", "3/3"}) {
    ASSERT_EQ(test::run_cli("run " + demo() + " -n 3000 --seed 4 --shard " + shard + " --out " + dir).status, 0);
  }
  ASSERT_EQ(test::run_cli("run " + demo() + " -n 3000 --seed 5 --shard 2/3 --out " + dir + "/other").status, 0);
  const std::string p = dir + "/shard-";
  const auto missing = test::run_cli("merge " + p + "1-of-3.part " + p + "3-of-3.part --out " + dir + "/m");
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "shard 2 of 3 is missing (given: 2)\n");
  const auto twice = test::run_cli("merge " + p + "1-of-3.part " + p + "1-of-3.part " + p + "2-of-3.part --out " + dir + "/m");
  EXPECT_EQ(twice.status, 2);
  EXPECT_EQ(twice.err, "shard 1 of 3 is given twice: " + p + "1-of-3.part and " + p + "1-of-3.part\n");
  const auto foreign = test::run_cli("merge " + p + "1-of-3.part " + dir + "/other/shard-2-of-3.part " + p + "3-of-3.part --out " + dir + "/m");
  EXPECT_EQ(foreign.status, 2);
  EXPECT_EQ(foreign.err, dir + "/other/shard-2-of-3.part: belongs to a different study than " + p +
                             "1-of-3.part: seed 5 (" + p + "1-of-3.part: 4)\n");
  const std::string part = test::read_text(p + "1-of-3.part");
  std::ofstream(dir + "/truncated.part", std::ios::binary) << part.substr(0, part.size() / 2);
  const auto damaged = test::run_cli("merge " + dir + "/truncated.part " + p + "2-of-3.part " + p + "3-of-3.part --out " + dir + "/m");
  EXPECT_EQ(damaged.status, 2);
  EXPECT_EQ(damaged.err, dir + "/truncated.part: not a usable chokepoint checkpoint or shard file: its checksum does not "
                               "match (the file is truncated or damaged)\n");
  EXPECT_FALSE(std::filesystem::exists(dir + "/m/results.json"));
  const auto too_many = test::run_cli("run " + demo() + " -n 100 --shard 1/50 --out " + dir);
  EXPECT_EQ(too_many.status, 2);
  EXPECT_EQ(too_many.err, "--shard 1/50: the study has only 25 batches, so at most 25 shards (raise --batches)\n");
}

/// `part` with its total's scenario count replaced by `count`, rewritten
/// with a valid checksum as a crafted file would be.
void forge_scenario_count(const std::string& part, const std::string& out, std::uint64_t count) {
  StudyStateFile state = read_state_file(part);
  // The body opens with the total's count (StudyAccumulator::write).
  std::memcpy(state.body.data(), &count, sizeof count);
  write_state_file(out, state);
}

TEST(Shards, PartsClaimingMoreScenariosThanAnyStudyAreRefused) {
  // Found by fuzz_state_file: a part claiming far more than 2^53 scenarios
  // sent the quantile intervals' binomial search into a loop. No study has
  // more than 2^48 scenarios; the count is refused before anything else is
  // read.
  const std::string dir = test::temp_dir("forged-count");
  for (const char* shard : {"1/3", "2/3", "3/3"}) {
    ASSERT_EQ(test::run_cli("run " + demo() + " -n 3000 --seed 4 --shard " + shard + " --out " + dir).status, 0);
  }
  const std::string p = dir + "/shard-";
  forge_scenario_count(p + "1-of-3.part", dir + "/huge.part", (std::uint64_t{1} << 48) + 1);
  const auto huge = test::run_cli("merge " + dir + "/huge.part " + p + "2-of-3.part " + p + "3-of-3.part --out " +
                                  dir + "/m");
  EXPECT_EQ(huge.status, 2);
  EXPECT_EQ(huge.err, dir + "/huge.part: not a usable chokepoint state file: 281474976710657 scenarios, more than "
                            "any study has (2^48)\n");
  EXPECT_FALSE(std::filesystem::exists(dir + "/m/results.json"));
}

TEST(Checkpoint, InterruptedBySigintThenResumedEqualsTheUninterruptedRun) {
  const std::string dir = test::temp_dir("checkpoint");
  const std::string model = test::source_path("scenarios/strategic_industries.json");
  const auto whole = test::run_cli("run " + model + " -n 6000 --seed 2 --chunk-size 50 --threads 1 --quiet --out " + dir + "/whole");
  ASSERT_EQ(whole.status, 0) << whole.err;

  // Start the run, wait for its first checkpoint, then send SIGINT.
  const std::string state = dir + "/run.state";
  const std::string err = dir + "/stderr";
  const std::vector<std::string> words = {CHOKEPOINT_BINARY, "run", model, "-n", "6000", "--seed", "2", "--chunk-size", "50",
                                          "--threads", "1", "--out", dir + "/run", "--checkpoint", state,
                                          "--checkpoint-every", "0.05"};
  std::vector<char*> argv;
  for (const std::string& w : words) argv.push_back(const_cast<char*>(w.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, CHOKEPOINT_BINARY, &files, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&files);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(state) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(std::filesystem::exists(state)) << "no checkpoint was written";
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const std::string message = test::read_text(err);
  EXPECT_NE(message.find("checkpoint saved to " + state), std::string::npos) << message;
  EXPECT_NE(message.find("resume with: chokepoint run --resume " + state), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(dir + "/run/results.json"));

  const auto resumed = test::run_cli("run --resume " + state + " --quiet --out " + dir + "/run --chunk-size 77");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(test::read_text(dir + "/run/results.json"), test::read_text(dir + "/whole/results.json"));
}

TEST(Checkpoint, ADamagedOrForeignCheckpointIsRefused) {
  const std::string dir = test::temp_dir("bad-checkpoint");
  const std::string state = dir + "/run.state";
  ASSERT_EQ(test::run_cli("run " + demo() + " -n 3000 --seed 4 --checkpoint " + state + " --checkpoint-every 0.0001 --out " +
                          dir + "/run --quiet").status,
            0);
  const std::string bytes = test::read_text(state);
  std::ofstream(dir + "/truncated.state", std::ios::binary) << bytes.substr(0, bytes.size() - 100);
  const auto truncated = test::run_cli("run --resume " + dir + "/truncated.state --out " + dir + "/r");
  EXPECT_EQ(truncated.status, 2);
  EXPECT_EQ(truncated.err, dir + "/truncated.state: not a usable chokepoint checkpoint or shard file: its checksum does "
                                 "not match (the file is truncated or damaged)\n");
  const auto other_seed = test::run_cli("run " + demo() + " --seed 9 --resume " + state + " --out " + dir + "/r");
  EXPECT_EQ(other_seed.status, 2);
  EXPECT_EQ(other_seed.err, state + ": the checkpoint belongs to a different study: seed 4 (this run: 9)\n");
}

}  // namespace
}  // namespace chokepoint
