// Every file in tests/data/bad/ is refused with exactly the message in its
// .expected file (paths relative to the source tree).
#include <gtest/gtest.h>

#include <filesystem>

#include "diagnostics.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

TEST(LoaderCorpus, EveryBadFileGivesItsExpectedMessage) {
  const std::filesystem::path dir = test::source_path("tests/data/bad");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    const std::string name = "tests/data/bad/" + entry.path().filename().string();
    std::filesystem::path expected_file = entry.path();
    expected_file.replace_extension(".expected");
    ASSERT_TRUE(std::filesystem::exists(expected_file)) << "missing " << expected_file;
    std::string expected = test::read_text(expected_file.string());
    while (!expected.empty() && expected.back() == '\n') expected.pop_back();
    std::string got;
    try {
      load_scenario(test::source_path(name));
      got = "(loaded without error)";
    } catch (const InputError& e) {
      got = e.what();
    }
    // Messages name the file as given; compare them relative to the tree.
    for (std::size_t at; (at = got.find(test::source_path(""))) != std::string::npos;) {
      got.erase(at, test::source_path("").size());
    }
    EXPECT_EQ(got, expected) << name;
  }
  EXPECT_GE(files, 40);
}

}  // namespace
}  // namespace chokepoint
