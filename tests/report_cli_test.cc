// chokepoint report and chokepoint nightly on the command line: outputs,
// messages and exit statuses.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "report_test_support.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

std::string demo_results(const std::string& name) {
  std::string dir = test::temp_dir(name);
  test::write_results_folder(dir, {test::source_path("scenarios/demo.json"), 1000, 1, "", ""});
  return dir;
}

TEST(ReportCli, WritesTheReportIntoTheFirstFolderAndPrintsItsPath) {
  const std::string dir = demo_results("html");
  const auto r = test::run_cli("report " + dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, dir + "/report.html\n");
  EXPECT_EQ(test::read_text(dir + "/report.html").substr(0, 15), "<!DOCTYPE html>");
  const auto out = test::run_cli("report " + dir + " --out " + dir + "/sub/r.html --timelines 0");
  ASSERT_EQ(out.status, 0) << out.err;
  EXPECT_EQ(out.out, dir + "/sub/r.html\n");
  EXPECT_EQ(test::read_text(dir + "/sub/r.html").find("\"type\":\"weekly_loss\""), std::string::npos);  // no timelines
}

TEST(ReportCli, MarkdownGoesToStdout) {
  const std::string dir = demo_results("md");
  const auto r = test::run_cli("report " + dir + " --format md");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "### demo: baseline");
  EXPECT_FALSE(std::filesystem::exists(dir + "/report.html"));
}

TEST(ReportCli, BadInputExitsTwoAndUnwritableOutputOne) {
  const auto missing = test::run_cli("report /no/such/folder");
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "/no/such/folder: no such folder\n");
  EXPECT_EQ(test::run_cli("report").status, 2);
  const std::string dir = demo_results("unwritable");
  EXPECT_EQ(test::run_cli("report " + dir + " --format docx").status, 2);
  const auto blocked = test::run_cli("report " + dir + " --out " + dir + "/results.json/report.html");
  EXPECT_EQ(blocked.status, 1);
  EXPECT_NE(blocked.err.find("cannot create output directory"), std::string::npos) << blocked.err;
}

TEST(ReportCli, PdfWithoutChromiumSaysWhatIsMissingExitsOneAndWritesNothing) {
  const std::string dir = demo_results("pdf");
  const std::string advice =
      ". PDF reports are printed by headless Chromium (Debian package chromium; or set CHOKEPOINT_CHROMIUM to a "
      "Chromium or Chrome binary). Without it, write the HTML report (--format html) and print it from any browser: "
      "it has a print stylesheet for A4.\n";
  {
    const test::ScopedEnv chosen("CHOKEPOINT_CHROMIUM", "/no/such/chromium");
    const auto r = test::run_cli("report " + dir + " --format pdf");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "error: " + dir + "/report.pdf: cannot print a PDF: CHOKEPOINT_CHROMIUM=/no/such/chromium is not an "
                           "executable file" + advice);
  }
  {
    const test::ScopedEnv chosen("CHOKEPOINT_CHROMIUM", nullptr);
    const test::ScopedEnv path("PATH", "/no/such/folder");
    const auto r = test::run_cli("report " + dir + " --format pdf --out " + dir + "/memo.pdf");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "error: " + dir + "/memo.pdf: cannot print a PDF: no chromium, chromium-browser or google-chrome on PATH" +
                         advice);
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/report.pdf"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/memo.pdf"));
}

TEST(NightlyCli, DiffOfIdenticalNightsExitsZeroAndWritesItsFiles) {
  const std::string dir = demo_results("night");
  const std::string config = test::source_path("scripts/nightly.json");
  const auto r = test::run_cli("nightly diff " + dir + " " + dir + " --config " + config + " --out " + dir + "/diff");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("**No flagged increase.**"), std::string::npos);
  EXPECT_EQ(test::read_text(dir + "/diff/diff.md"), r.out);
  EXPECT_NE(test::read_text(dir + "/diff/diff.json").find("\"exit_status\": 0"), std::string::npos);
  const auto missing = test::run_cli("nightly diff /no/such " + dir + " --config " + config);
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "/no/such: no such folder\n");
}

TEST(NightlyCli, PlanListsOneTabSeparatedModelPerLine) {
  const std::string dir = test::temp_dir("plan");
  const std::string demo = test::source_path("scenarios/demo.json");
  test::write_text(dir + "/c.json", R"({"format": "chokepoint-nightly/1", "seed": 5, "scenarios": 100,
    "models": [{"file": ")" + demo + R"(", "scenarios": 700}, {"file": "scenarios/energy.json"}],
    "compare": {"metrics": ["loss_total"], "statistics": ["mean"], "relative_threshold": 0.1, "confidence": 0.95}})");
  const auto r = test::run_cli("nightly plan " + dir + "/c.json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, demo + "\t700\t5\tdemo\nscenarios/energy.json\t100\t5\tenergy\n");
}

}  // namespace
}  // namespace chokepoint
