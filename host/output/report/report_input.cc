#include "report_input.hh"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "diagnostics.hh"
#include "scenario_loader.hh"

namespace chokepoint::report {

namespace {

bool is_stress(const StudyResults& s) { return !s.stress_test.empty(); }
bool is_policy(const StudyResults& s) { return s.stress_test.empty() && !s.policy.empty(); }

ModelGroup& group_for(std::vector<ModelGroup>& groups, const std::string& model, const std::string& sha256) {
  for (ModelGroup& g : groups) {
    if (g.model == model && g.model_sha256 == sha256) return g;
  }
  groups.push_back(ModelGroup{model, sha256, {}, std::nullopt, {}});
  return groups.back();
}

void add_compare_folder(std::vector<ModelGroup>& groups, const std::string& folder) {
  ComparisonResults comparison = read_comparison(folder);
  ModelGroup& group = group_for(groups, comparison.model, comparison.model_sha256);
  const std::filesystem::path dir(folder);
  group.studies.push_back(read_study_results((dir / "baseline").string()));
  for (VariantComparison& v : comparison.variants) {
    v.folder = (dir / v.folder).string();
    group.studies.push_back(read_study_results(v.folder));
  }
  group.comparison = std::move(comparison);
}

/// The first model_file any study's manifest names.
std::string model_path_of(const ModelGroup& g) {
  for (const StudyResults& s : g.studies) {
    if (std::string path = s.manifest_string("model_file"); !path.empty()) return path;
  }
  return "";
}

}  // namespace

const StudyResults* ModelGroup::baseline() const {
  for (const StudyResults& s : studies) {
    if (s.is_baseline()) return &s;
  }
  return nullptr;
}

std::vector<const StudyResults*> ModelGroup::stress_tests() const {
  std::vector<const StudyResults*> out;
  for (const StudyResults& s : studies) {
    if (is_stress(s)) out.push_back(&s);
  }
  return out;
}

std::vector<const StudyResults*> ModelGroup::policies() const {
  std::vector<const StudyResults*> out;
  for (const StudyResults& s : studies) {
    if (is_policy(s)) out.push_back(&s);
  }
  return out;
}

ModelFile open_model_file(const std::string& path, const std::string& expected_sha256) {
  ModelFile f;
  f.path = path;
  if (path.empty()) {
    f.problem = "no manifest names the model file";
    return f;
  }
  if (!std::filesystem::exists(path)) {
    f.problem =
        fmt::format("the model file {} is not there (paths in manifests are relative to where the run started)", path);
    return f;
  }
  try {
    LoadedScenario loaded = load_scenario(path);
    if (loaded.sha256 != expected_sha256) {
      f.problem = fmt::format("the model file {} has changed since the run (SHA-256 {} now, {} in the results)", path,
                              loaded.sha256.substr(0, 12), expected_sha256.substr(0, 12));
      return f;
    }
    f.scenario = std::move(loaded.scenario);
  } catch (const InputError& e) {
    f.problem = fmt::format("the model file {} no longer loads: {}", path, e.what());
  }
  return f;
}

std::vector<ModelGroup> gather_report_input(const std::vector<std::string>& folders) {
  std::vector<ModelGroup> groups;
  for (const std::string& folder : folders) {
    const std::filesystem::path dir(folder);
    if (std::filesystem::exists(dir / "comparison.json")) {
      add_compare_folder(groups, folder);
    } else if (std::filesystem::exists(dir / "results.json")) {
      StudyResults study = read_study_results(folder);
      group_for(groups, study.model, study.model_sha256).studies.push_back(std::move(study));
    } else if (!std::filesystem::exists(dir)) {
      throw InputError(fmt::format("{}: no such folder", folder));
    } else if (!std::filesystem::is_directory(dir)) {
      throw InputError(fmt::format("{}: not a folder (give the folder that holds results.json)", folder));
    } else {
      throw InputError(
          fmt::format("{}: neither results.json nor comparison.json: not a results or compare folder", folder));
    }
  }
  for (ModelGroup& g : groups) {
    std::stable_sort(g.studies.begin(), g.studies.end(), [](const StudyResults& a, const StudyResults& b) {
      const auto order = [](const StudyResults& s) { return s.is_baseline() ? 0 : (is_stress(s) ? 1 : 2); };
      return order(a) < order(b);
    });
    g.model_file = open_model_file(model_path_of(g), g.model_sha256);
    const StudyResults* baseline = g.baseline();
    if (!g.comparison && baseline != nullptr && g.studies.size() > 1) {
      std::vector<const StudyResults*> variants;
      for (const StudyResults& s : g.studies) {
        // A study with both a policy and a stress test has no baseline to compare with here.
        if (!s.is_baseline() && (s.policy.empty() || s.stress_test.empty())) variants.push_back(&s);
      }
      g.comparison = derive_comparison(*baseline, variants, g.model_file.scenario ? &*g.model_file.scenario : nullptr);
    }
  }
  return groups;
}

}  // namespace chokepoint::report
