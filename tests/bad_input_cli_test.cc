// The bad-input corpus through the command line: `chokepoint validate` on
// every file of tests/data/bad/ exits with status 2 and prints exactly the
// message of its .expected file (which names it tests/data/bad/NAME.json),
// never crashing. The library-level check is loader_corpus_test.cc.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "test_support.hh"

namespace chokepoint {
namespace {

/// NAME.json -> its expected message (without the trailing newline).
std::map<std::string, std::string> corpus() {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("tests/data/bad"))) {
    if (entry.path().extension() != ".json") continue;
    std::filesystem::path expected = entry.path();
    expected.replace_extension(".expected");
    std::string message = test::read_text(expected.string());
    while (!message.empty() && message.back() == '\n') message.pop_back();
    files[entry.path().filename().string()] = message;
  }
  return files;
}

TEST(BadInputCli, ValidateExitsTwoWithTheExpectedMessageForEveryFile) {
  const std::string source = test::source_path("");
  for (const auto& [name, expected] : corpus()) {
    const auto r = test::run_cli("validate " + source + "tests/data/bad/" + name);
    // Messages name the file as given; compare them relative to the tree.
    std::string err = r.err;
    for (std::size_t at; (at = err.find(source)) != std::string::npos;) err.erase(at, source.size());
    EXPECT_EQ(r.status, 2) << name;
    EXPECT_EQ(err, expected + "\n") << name;
    EXPECT_EQ(r.out, "") << name;
  }
}

TEST(BadInputCli, CorpusHoldsAtLeastFortyDistinctFiles) {
  const auto files = corpus();
  std::set<std::string> contents;
  std::set<std::string> messages;
  for (const auto& [name, expected] : files) {
    contents.insert(test::read_text(test::source_path("tests/data/bad/" + name)));
    // The same problem at another place is not a distinct case: compare the messages without the file name.
    std::string message = expected;
    for (std::size_t at; (at = message.find(name)) != std::string::npos;) message.erase(at, name.size());
    EXPECT_TRUE(messages.insert(message).second) << name << " repeats the message of another file";
    EXPECT_FALSE(expected.empty()) << name << " has no .expected message";
  }
  EXPECT_EQ(contents.size(), files.size());
  EXPECT_GE(files.size(), 40u);
}

TEST(BadInputCli, HundredMegabytesOfWhitespaceAreRefusedBeforeReading) {
  const std::string path = test::temp_dir("whitespace") + "/spaces.json";
  {
    std::ofstream out(path, std::ios::binary);
    const std::string block(1 << 20, ' ');
    for (int i = 0; i < 100; ++i) out << block;
  }
  const auto r = test::run_cli("validate " + path);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, path + ": file is 104857600 bytes; input files are limited to 16777216 bytes (16 MiB)\n");
  std::filesystem::remove(path);
}

TEST(BadInputCli, WhitespaceWithinTheSizeLimitIsATruncatedFile) {
  const std::string path = test::temp_dir("whitespace") + "/spaces.json";
  std::ofstream(path, std::ios::binary) << std::string((16 << 20) - 1, ' ') << '\n';
  const auto r = test::run_cli("validate " + path);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, path + ":2:1: invalid JSON: unexpected end of file: incomplete JSON (is the file truncated?)\n");
}

}  // namespace
}  // namespace chokepoint
