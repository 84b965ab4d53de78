// The command line: exit statuses, messages, outputs.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "test_support.hh"

namespace chokepoint {
namespace {

std::string demo() { return test::source_path("scenarios/demo.json"); }

TEST(Cli, HelpExplainsItselfAndExitsZero) {
  const auto r = test::run_cli("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("run"), std::string::npos);
  EXPECT_NE(r.out.find("validate"), std::string::npos);
  EXPECT_NE(r.out.find("Exit status"), std::string::npos);
  const auto run_help = test::run_cli("run --help");
  EXPECT_EQ(run_help.status, 0);
  EXPECT_NE(run_help.out.find("--scenarios"), std::string::npos);
  EXPECT_NE(run_help.out.find("--seed"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(test::run_cli("").status, 2);
  EXPECT_EQ(test::run_cli("frobnicate").status, 2);
  EXPECT_EQ(test::run_cli("run " + demo() + " --no-such-option").status, 2);
  const auto zero = test::run_cli("run " + demo() + " -n 0");
  EXPECT_EQ(zero.status, 2);
  EXPECT_NE(zero.err.find("--scenarios"), std::string::npos);
  const auto missing = test::run_cli("run /no/such/file.json");
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "/no/such/file.json: no such file\n");
}

TEST(Cli, ValidateReportsOkOrEveryError) {
  const auto ok = test::run_cli("validate " + demo());
  EXPECT_EQ(ok.status, 0);
  EXPECT_EQ(ok.out, demo() + ": ok (8 nodes, 4 events, 3 policies, 2 stress tests)\n");
  const std::string bad = test::source_path("tests/data/bad/self_supply.json");
  const auto r = test::run_cli("validate " + demo() + " " + bad);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find(": ok"), std::string::npos);
  EXPECT_NE(r.err.find(bad + ":1:"), std::string::npos);
  EXPECT_NE(r.err.find("cannot supply itself"), std::string::npos);
}

TEST(Cli, RunWritesResultsAndSummary) {
  const std::string out = test::temp_dir("run");
  const auto r = test::run_cli("run " + demo() + " -n 3000 --seed 5 --out " + out);
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* f : {"results.json", "manifest.json", "quantiles.csv", "exceedance.csv", "fan_chart.csv", "worst.csv", "tail.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(out + "/" + f)) << f;
  }
  EXPECT_NE(r.out.find("demo: 3,000 scenarios, seed 5"), std::string::npos);
  EXPECT_NE(r.out.find("loss_total"), std::string::npos);
  EXPECT_NE(r.out.find("chokepoint replay"), std::string::npos);
  // No progress line when stderr is not a terminal; at most the note that
  // auto found no GPU (in builds with the CUDA backend).
  EXPECT_TRUE(r.err.empty() || r.err == "note: --backend auto: no CUDA device found, running on the CPU\n") << r.err;
  const std::string results = test::read_text(out + "/results.json");
  EXPECT_NE(results.find("\"format\": \"chokepoint-results/1\""), std::string::npos);
  const std::string manifest = test::read_text(out + "/manifest.json");
  EXPECT_NE(manifest.find("\"backend\": \"cpu\""), std::string::npos);
  EXPECT_NE(manifest.find("\"model_sha256\""), std::string::npos);
}

TEST(Cli, QuietPrintsOnlyThePath) {
  const std::string out = test::temp_dir("quiet");
  const auto r = test::run_cli("run " + demo() + " -n 500 --quiet --out " + out);
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.out, out + "/results.json\n");
}

TEST(Cli, UnknownPolicyAndStressTestAreInputErrors) {
  const auto p = test::run_cli("run " + demo() + " -n 100 --policy lng_bufer --out " + test::temp_dir("p"));
  EXPECT_EQ(p.status, 2);
  EXPECT_EQ(p.err, demo() + ": unknown policy \"lng_bufer\"; did you mean \"lng_buffer\"?\n");
  const auto s = test::run_cli("run " + demo() + " -n 100 --stress nope --out " + test::temp_dir("s"));
  EXPECT_EQ(s.status, 2);
  EXPECT_EQ(s.err, demo() + ": unknown stress test \"nope\"; stress tests: blockade_w10_26w, hormuz_w4_13w\n");
}

TEST(Cli, UnwritableOutputIsAClearErrorAndLeavesNoResults) {
  if (::geteuid() == 0) {
    // Root ignores permissions: use a path under a regular file instead.
    const std::string dir = test::temp_dir("blocked");
    const std::string file = dir + "/file";
    { FILE* f = std::fopen(file.c_str(), "w"); std::fclose(f); }
    const auto r = test::run_cli("run " + demo() + " -n 100 --out " + file + "/results");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("cannot create output directory"), std::string::npos) << r.err;
    return;
  }
  const std::string dir = test::temp_dir("readonly");
  ::chmod(dir.c_str(), 0555);
  const auto r = test::run_cli("run " + demo() + " -n 100 --out " + dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/results.json"));
}

TEST(Cli, ReplayPrintsATimeline) {
  const auto r = test::run_cli("replay " + demo() + " --scenario 12 --seed 5 --stress blockade_w10_26w");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("demo: scenario 12 (seed 5), stress test blockade_w10_26w"), std::string::npos);
  EXPECT_NE(r.out.find("taiwan_blockade*"), std::string::npos);  // the forced start in week 10
  const auto csv = test::run_cli("replay " + demo() + " --scenario 12 --csv");
  ASSERT_EQ(csv.status, 0);
  EXPECT_EQ(csv.out.substr(0, 22), "week,regime,loss,ratio");
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 53);  // header + 52 weeks
}

TEST(Cli, InfoDescribesTheModel) {
  const auto r = test::run_cli("info " + demo());
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("nodes: 8 in 3 sectors"), std::string::npos);
  EXPECT_NE(r.out.find("steady state"), std::string::npos);
  EXPECT_NE(r.out.find("tw_logic_foundry"), std::string::npos);
}

}  // namespace
}  // namespace chokepoint
