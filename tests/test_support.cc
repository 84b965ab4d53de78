#include "test_support.hh"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "diagnostics.hh"
#include "json_writer.hh"
#include "study_output.hh"
#include "study_statistics.hh"

namespace chokepoint::test {

std::string source_path(const std::string& relative) { return std::string(CHOKEPOINT_SOURCE_DIR) + "/" + relative; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_dir(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("chokepoint-test-" + std::to_string(::getpid())) /
                                    (std::string(info->test_suite_name()) + "." + info->name() + "." + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string position_of_token(const std::string& text, const std::string& token, int nth) {
  std::size_t offset = std::string::npos;
  for (int i = 0; i < nth; ++i) offset = text.find(token, offset == std::string::npos ? 0 : offset + 1);
  if (offset == std::string::npos) return "token not found: " + token;
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "model.json:" + std::to_string(line) + ":" + std::to_string(column);
}

LoadedScenario load_ok(const std::string& text) {
  try {
    return load_scenario_text("model.json", text);
  } catch (const InputError& e) {
    ADD_FAILURE() << "model did not load:\n" << e.what();
    throw;
  }
}

std::string load_error(const std::string& text) {
  try {
    load_scenario_text("model.json", text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

CommandResult run_cli(const std::string& args) {
  const std::string dir = temp_dir("cli");
  const std::string out_file = dir + "/stdout";
  const std::string err_file = dir + "/stderr";
  const std::string command = std::string(CHOKEPOINT_BINARY) + " " + args + " >" + out_file + " 2>" + err_file;
  const int raw = std::system(command.c_str());
  CommandResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  r.out = read_text(out_file);
  r.err = read_text(err_file);
  return r;
}

std::string results_json_text(const CompiledModel& model, const Scenario& s, const StudyOptions& options) {
  const StudyRun run = run_study(model, options, nullptr);
  const StudyStatistics stats = compute_statistics(run.accumulator, run.batches, model);
  const StudyIdentity id = identify_study(s, "sha", options.seed, options.scenarios, "", "");
  return to_pretty_json(results_json(id, stats));
}

}  // namespace chokepoint::test
