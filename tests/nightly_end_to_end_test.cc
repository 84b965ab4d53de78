// scripts/nightly end to end with a small suite: a first night, a second
// night that changes nothing, a third whose model doubles every event rate
// and keeps only two night folders.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>

#include "report_test_support.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

std::string small_config(const std::string& model) {
  return R"({"format": "chokepoint-nightly/1", "seed": 1, "scenarios": 3000, "models": [{"file": ")" + model +
         R"("}], "compare": {"metrics": ["loss_total", "loss.*"], "statistics": ["mean", "p_positive", "cvar99"],
          "relative_threshold": 0.1, "confidence": 0.95}})";
}

test::CommandResult run_nightly(const std::string& args) {
  const std::string dir = test::temp_dir("script");
  const std::string command = test::source_path("scripts/nightly") + " --chokepoint " + CHOKEPOINT_BINARY + " " + args +
                              " >" + dir + "/out 2>" + dir + "/err";
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : 128, test::read_text(dir + "/out"), test::read_text(dir + "/err")};
}

std::vector<std::string> nights_in(const std::string& dir) {
  std::vector<std::string> nights;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_directory()) nights.push_back(e.path().string());
  }
  std::sort(nights.begin(), nights.end());
  return nights;
}

TEST(NightlyScript, ComparesEachNightWithThePreviousOneAndFlagsADoubledEventRate) {
  const std::string dir = test::temp_dir("nightly");
  const std::string nights = dir + "/nights";
  test::write_text(dir + "/same.json", small_config(test::source_path("scenarios/demo.json")));
  test::write_text(dir + "/model/demo.json", test::demo_with_scaled_event_rates(2.0));
  test::write_text(dir + "/doubled.json", small_config(dir + "/model/demo.json"));

  const auto name = [](const std::string& p) { return std::filesystem::path(p).filename().string(); };
  const auto first = run_nightly("--config " + dir + "/same.json --out " + nights);
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("nightly: 6 studies in"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("no previous night to compare with"), std::string::npos);
  const std::string first_night = name(nights_in(nights).at(0));

  const auto second = run_nightly("--config " + dir + "/same.json --out " + nights);
  ASSERT_EQ(second.status, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("**No flagged increase.**"), std::string::npos) << second.out;

  const auto third = run_nightly("--config " + dir + "/doubled.json --out " + nights + " --keep 2");
  EXPECT_EQ(third.status, 3) << third.out << third.err;
  EXPECT_NE(third.out.find("**Risk increased**"), std::string::npos) << third.out;
  EXPECT_NE(third.out.find("| model_sha256 |"), std::string::npos);
  // One line for the cause, the rows folded below it.
  const std::size_t cause = third.out.find("\ndemo.json changed: ");
  EXPECT_NE(cause, std::string::npos) << third.out;
  EXPECT_EQ(cause, third.out.rfind("\ndemo.json changed: "));

  const auto list = nights_in(nights);
  ASSERT_EQ(list.size(), 2u);  // --keep 2 deleted the first night's folder
  EXPECT_GT(name(list[0]), first_night);
  for (const std::string& night : list) {
    EXPECT_TRUE(std::filesystem::exists(night + "/report.html")) << night;
    EXPECT_TRUE(std::filesystem::exists(night + "/summary.md")) << night;
    EXPECT_TRUE(std::filesystem::exists(night + "/results/demo/policy-lng_buffer/results.json")) << night;
    EXPECT_TRUE(std::filesystem::exists(night + "/diff.md")) << night;
  }
  EXPECT_NE(test::read_text(list[1] + "/diff.json").find("\"status\": \"risk_increased\""), std::string::npos);

  // The index lists the nights newest first, each with its status, the
  // deleted one too (from history.json), and marks the model change.
  const std::string index = test::read_text(nights + "/index.html");
  const std::size_t newest = index.find(name(list[1]) + "/report.html");
  const std::size_t older = index.find(name(list[0]) + "/report.html");
  ASSERT_NE(newest, std::string::npos);
  ASSERT_NE(older, std::string::npos);
  EXPECT_LT(newest, older);
  EXPECT_NE(index.find(">" + first_night + "<"), std::string::npos);
  EXPECT_EQ(index.find(first_night + "/"), std::string::npos);
  EXPECT_NE(index.find(">risk increased<"), std::string::npos);
  EXPECT_NE(index.find(">no flagged increase<"), std::string::npos);
  EXPECT_NE(index.find(">first night<"), std::string::npos);
  EXPECT_NE(index.find("<li><a href=\"" + name(list[1]) + "/diff.md\">" + name(list[1]) + "</a>: model file</li>"),
            std::string::npos);
}

TEST(NightlyScript, BadInputExitsTwo) {
  const std::string dir = test::temp_dir("bad");
  EXPECT_EQ(run_nightly("--config " + dir + "/missing.json --out " + dir).status, 2);
  test::write_text(dir + "/c.json", small_config(dir + "/no-such-model.json"));
  const auto r = run_nightly("--config " + dir + "/c.json --out " + dir + "/nights");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(dir + "/no-such-model.json: no such file"), std::string::npos) << r.err;
  EXPECT_EQ(run_nightly("--frobnicate").status, 2);
  const auto keep = run_nightly("--keep none");
  EXPECT_EQ(keep.status, 2);
  EXPECT_EQ(keep.err, "nightly: --keep none: expected a whole number of nights, at least 1\n");
}

}  // namespace
}  // namespace chokepoint
