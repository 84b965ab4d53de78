// The study runner's work lists (host/run/study_runner.cc): a device
// backend's call spans several batches, each into its own accumulator, and
// may end in the middle of one, which then goes on in the next call. Every
// batch must be recorded once, whole, and a run interrupted between two
// such calls must resume to the bytes of a run that never stopped.
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>

#include "study_state_file.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

/// Every count, sum, extreme, top-K entry and batch statistic of a run
/// (compared with EXPECT_TRUE: a mismatch of these bytes would print megabytes).
std::string bytes_of(const StudyAccumulator& total, const BatchStatistics& batches) {
  return encode_state_body(total, batches, nullptr);
}

StudyOptions options_on(const std::string& backend) {
  StudyOptions options;
  // 16 batches of 2,500 in chunks of 1,024, 1,024 and 452. The Kokkos
  // backend takes 16,384 scenarios a call, so its first call ends after six
  // batches and two chunks of the seventh: at scenario 17,048, mid-batch.
  options.scenarios = 40000;
  options.batches = 16;
  options.seed = 21;
  options.backend.name = backend;
  options.backend.threads = 2;
  return options;
}

TEST(StudyRunner, ACallThatEndsMidBatchResumesToTheBytesOfAnUninterruptedRun) {
#ifndef CHOKEPOINT_HAVE_KOKKOS
  GTEST_SKIP() << "built without Kokkos";
#endif
  const LoadedScenario loaded = load_scenario(test::source_path("scenarios/demo.json"));
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  const StudyRun whole = run_study(model, options_on("cpu"), nullptr);
  ASSERT_EQ(whole.batches.count.size(), 16u);

  // Uninterrupted on Kokkos: calls of several batches give the CPU's bytes.
  const StudyRun on_kokkos = run_study(model, options_on("kokkos"), nullptr);
  EXPECT_TRUE(bytes_of(on_kokkos.accumulator, on_kokkos.batches) == bytes_of(whole.accumulator, whole.batches));

  // Asked to stop from the start: it stops after the first call. Then
  // resumed on the CPU.
  const std::atomic<bool> stop{true};
  std::optional<StudyResume> saved;
  RunControl control;
  control.stop = &stop;
  control.after_chunk = [&](const StudySnapshot& at, bool stopping) {
    if (stopping) saved = StudyResume{at.total, at.batches, at.batch, at.next_scenario};
  };
  EXPECT_THROW(run_study(model, options_on("kokkos"), nullptr, control), StudyInterrupted);
  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(saved->next_scenario, 17048u);
  EXPECT_EQ(saved->batches.count.size(), 6u) << "the six whole batches, recorded";
  EXPECT_EQ(saved->batch.count(), 2048u) << "the seventh batch's first two chunks, in progress";
  RunControl resume;
  resume.resume = &*saved;
  const StudyRun resumed = run_study(model, options_on("cpu"), nullptr, resume);
  EXPECT_TRUE(bytes_of(resumed.accumulator, resumed.batches) == bytes_of(whole.accumulator, whole.batches));
}

}  // namespace
}  // namespace chokepoint
