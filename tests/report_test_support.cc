#include "report_test_support.hh"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "model_selection.hh"
#include "study_output.hh"
#include "study_runner.hh"
#include "study_statistics.hh"
#include "test_support.hh"

namespace chokepoint::test {

void write_results_folder(const std::string& dir, const FolderSpec& spec) {
  const auto selected = select_model(spec.model_path, spec.policy, spec.stress_test);
  StudyOptions options;
  options.scenarios = spec.scenarios;
  options.seed = spec.seed;
  const StudyRun run = run_study(selected->model, options, nullptr);
  const StudyStatistics stats = compute_statistics(run.accumulator, run.batches, selected->model);
  const StudyIdentity id = identify_study(selected->scenario, selected->loaded.sha256, spec.seed, spec.scenarios,
                                          spec.policy, spec.stress_test);
  RunRecord record;
  record.model_file = spec.model_path;
  record.backend = run.backend;
  record.backend_description = run.backend_description;
  record.wall_seconds = run.wall_seconds;
  record.started_utc = "2026-01-01T00:00:00Z";
  write_study_outputs(dir, id, stats, record);
}

std::string demo_with_scaled_event_rates(double factor) {
  boost::json::value model = boost::json::parse(read_text(source_path("scenarios/demo.json")));
  for (auto& event : model.at("events").as_array()) {
    boost::json::value& rate = event.as_object().at("annual_rate");
    if (rate.is_object()) {
      for (auto& per_regime : rate.as_object()) per_regime.value() = per_regime.value().to_number<double>() * factor;
    } else {
      rate = rate.to_number<double>() * factor;
    }
  }
  return boost::json::serialize(model);
}

void write_text(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace chokepoint::test
