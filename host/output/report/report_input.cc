#include "report_input.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
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
  groups.push_back(ModelGroup{model, sha256, {}, std::nullopt, {}, std::nullopt});
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

/// An uncertainty study says what its numbers are about, not where they
/// sit among the results: it joins the group of its model (same name and
/// SHA-256), which the results or compare folders must provide.
void attach_uncertainty(std::vector<ModelGroup>& groups, UncertaintyResults u) {
  for (ModelGroup& g : groups) {
    if (g.model != u.model || g.model_sha256 != u.model_sha256) continue;
    if (g.uncertainty) {
      throw InputError(fmt::format("{}/uncertainty.json: a second uncertainty folder for model {} (the first: {})",
                                   u.folder, u.model, g.uncertainty->folder));
    }
    g.uncertainty = std::move(u);
    return;
  }
  throw InputError(fmt::format(
      "{}/uncertainty.json: model {} (SHA-256 {}) is in none of the results or compare folders given: give its "
      "results too",
      u.folder, u.model, u.model_sha256.substr(0, 12)));
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

std::vector<const VariantComparison*> ModelGroup::ranked_variants(std::string_view kind) const {
  std::vector<const VariantComparison*> out;
  if (!comparison) return out;
  for (const VariantComparison& v : comparison->variants) {
    if (v.kind == kind) out.push_back(&v);
  }
  const auto rank = [](const VariantComparison* v) {
    return v->cost_effectiveness ? v->cost_effectiveness->rank : std::numeric_limits<std::uint64_t>::max();
  };
  const auto mean = [](const VariantComparison* v) {
    const MetricDifference* d = v->difference("loss_total");
    return d != nullptr && !std::isnan(d->variant_mean) ? d->variant_mean : -std::numeric_limits<double>::infinity();
  };
  std::stable_sort(out.begin(), out.end(), [&](const VariantComparison* a, const VariantComparison* b) {
    return kind == "policy" ? rank(a) < rank(b) : mean(a) > mean(b);
  });
  return out;
}

std::vector<const StudyResults*> ModelGroup::in_reading_order() const {
  std::vector<const StudyResults*> out;
  for (const StudyResults& s : studies) {
    if (s.is_baseline()) out.push_back(&s);
  }
  const auto expected = [](const StudyResults* s) {
    const MetricResult* total = s->metric("loss_total");
    return total != nullptr && !std::isnan(total->mean) ? total->mean : -std::numeric_limits<double>::infinity();
  };
  std::vector<const StudyResults*> stress = stress_tests();
  std::stable_sort(stress.begin(), stress.end(),
                   [&](const StudyResults* a, const StudyResults* b) { return expected(a) > expected(b); });
  out.insert(out.end(), stress.begin(), stress.end());
  std::vector<const StudyResults*> ranked;
  for (const VariantComparison* v : ranked_variants("policy")) {
    for (const StudyResults* s : policies()) {
      if (s->policy == v->id) ranked.push_back(s);
    }
  }
  for (const StudyResults* s : policies()) {
    if (std::find(ranked.begin(), ranked.end(), s) == ranked.end()) ranked.push_back(s);
  }
  out.insert(out.end(), ranked.begin(), ranked.end());
  for (const StudyResults& s : studies) {
    if (std::find(out.begin(), out.end(), &s) == out.end()) out.push_back(&s);  // both a policy and a stress test
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
  std::vector<UncertaintyResults> uncertainties;
  for (const std::string& folder : folders) {
    const std::filesystem::path dir(folder);
    const bool has_uncertainty = std::filesystem::exists(dir / "uncertainty.json");
    if (has_uncertainty) uncertainties.push_back(read_uncertainty(folder));
    if (std::filesystem::exists(dir / "comparison.json")) {
      add_compare_folder(groups, folder);
    } else if (std::filesystem::exists(dir / "results.json")) {
      StudyResults study = read_study_results(folder);
      group_for(groups, study.model, study.model_sha256).studies.push_back(std::move(study));
    } else if (has_uncertainty) {
      continue;  // an uncertainty folder alone: joined below
    } else if (!std::filesystem::exists(dir)) {
      throw InputError(fmt::format("{}: no such folder", folder));
    } else if (!std::filesystem::is_directory(dir)) {
      throw InputError(fmt::format("{}: not a folder (give the folder that holds results.json)", folder));
    } else {
      throw InputError(
          fmt::format("{}: no results.json, comparison.json or uncertainty.json: not a results, compare or "
                      "uncertainty folder",
                      folder));
    }
  }
  for (UncertaintyResults& u : uncertainties) attach_uncertainty(groups, std::move(u));
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
