#include "nightly_config.hh"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "diagnostics.hh"
#include "json_cursor.hh"
#include "scenario_loader.hh"
#include "suggest.hh"

namespace chokepoint::nightly {

using report::JsonCursor;
using report::read_json_file;

namespace {

constexpr std::string_view kConfigFormat = "chokepoint-nightly/1";

std::vector<std::string> read_strings(const JsonCursor& list) {
  std::vector<std::string> out;
  for (const JsonCursor& item : list.items()) out.push_back(item.string());
  if (out.empty()) list.fail("expected at least one entry");
  return out;
}

double open_fraction(const JsonCursor& c) {
  const double x = c.number();
  if (!(x > 0.0 && x < 1.0)) c.fail(fmt::format("expected a number between 0 and 1 (exclusive), got {}", x));
  return x;
}

}  // namespace

const std::vector<std::string>& nightly_statistics() {
  static const std::vector<std::string> names = {"mean", "p_positive", "var95", "cvar95", "var99", "cvar99"};
  return names;
}

bool metric_matches(const std::string& pattern, const std::string& metric) {
  if (!pattern.empty() && pattern.back() == '*') return metric.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
  return pattern == metric;
}

NightlyConfig read_nightly_config(const std::string& path) {
  const JsonCursor root = read_json_file(path);
  root.allow_only({"format", "description", "seed", "scenarios", "models", "compare"});
  if (const JsonCursor format = root["format"]; format.string() != kConfigFormat) {
    format.fail(fmt::format("expected \"{}\"", kConfigFormat));
  }
  NightlyConfig config;
  config.seed = root["seed"].whole_number();
  const std::uint64_t default_scenarios = root["scenarios"].whole_number();
  for (const JsonCursor& m : root["models"].items()) {
    m.allow_only({"file", "scenarios"});
    NightlyModel model{m["file"].string(), default_scenarios};
    if (const auto n = m.find("scenarios")) model.scenarios = n->whole_number();
    if (model.scenarios == 0) m.fail("a model needs at least one scenario");
    config.models.push_back(std::move(model));
  }
  if (config.models.empty()) root["models"].fail("expected at least one model");
  const JsonCursor compare = root["compare"];
  compare.allow_only({"metrics", "statistics", "relative_threshold", "confidence"});
  config.metrics = read_strings(compare["metrics"]);
  config.statistics = read_strings(compare["statistics"]);
  for (const JsonCursor& s : compare["statistics"].items()) {
    const std::string name = s.string();
    const auto& known = nightly_statistics();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      s.fail(with_suggestion(fmt::format("unknown statistic \"{}\"", name), name, known) +
             fmt::format("; statistics: {}", fmt::join(known, ", ")));
    }
  }
  config.relative_threshold = compare["relative_threshold"].number();
  if (!(config.relative_threshold >= 0.0)) compare["relative_threshold"].fail("expected a number >= 0");
  config.confidence = open_fraction(compare["confidence"]);
  return config;
}

std::vector<PlannedModel> plan_nightly_models(const NightlyConfig& config) {
  std::vector<PlannedModel> plan;
  for (const NightlyModel& m : config.models) {
    load_scenario(m.file);
    const std::string folder = std::filesystem::path(m.file).stem().string();
    for (const PlannedModel& p : plan) {
      if (p.folder == folder) {
        throw InputError(
            fmt::format("{} and {} would share the results folder {}: rename one", p.model_file, m.file, folder));
      }
    }
    plan.push_back(PlannedModel{m.file, m.scenarios, config.seed, folder});
  }
  return plan;
}

}  // namespace chokepoint::nightly
