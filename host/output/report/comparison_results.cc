#include "comparison_results.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "comparison_output.hh"
#include "det_math.hh"
#include "diagnostics.hh"
#include "json_cursor.hh"

namespace chokepoint::report {

namespace {

MetricDifference read_difference(const JsonCursor& d) {
  MetricDifference r;
  r.metric = d["metric"].string();
  r.pointer = d.pointer();
  r.baseline_mean = d["baseline"]["mean"].number();
  r.baseline_cvar99 = d["baseline"]["cvar99"].number();
  r.variant_mean = d["variant"]["mean"].number();
  r.variant_cvar99 = d["variant"]["cvar99"].number();
  const JsonCursor mean = d["mean_difference"];
  r.mean_difference = mean["value"].number();
  r.mean_difference_se = mean["se"].number();
  r.mean_difference_ci = read_optional_interval(mean, "ci");
  const JsonCursor cvar = d["cvar99_difference"];
  r.cvar99_difference = cvar["value"].number();
  r.cvar99_difference_ci = read_optional_interval(cvar, "ci");
  return r;
}

VariantComparison read_variant(const JsonCursor& v) {
  VariantComparison r;
  r.kind = v["kind"].string();
  if (r.kind != "policy" && r.kind != "stress_test") {
    v["kind"].fail(fmt::format("expected \"policy\" or \"stress_test\", got \"{}\"", r.kind));
  }
  r.id = v["id"].string();
  r.label = v["label"].string();
  if (const JsonCursor cost = v["annual_cost"]; !cost.is_null()) r.annual_cost = cost.number();
  r.folder = v["folder"].string();
  for (const JsonCursor& d : v["differences"].items()) r.differences.push_back(read_difference(d));
  if (const JsonCursor ce = v["cost_effectiveness"]; !ce.is_null()) {
    r.cost_effectiveness = CostEffectiveness{ce["expected_loss_reduction_per_cost"].number(),
                                             ce["cvar99_reduction_per_cost"].number(), ce["rank"].whole_number()};
  }
  return r;
}

/// Half the width of an interval, or NaN.
double half_width(const std::optional<Interval>& ci) { return ci ? (ci->hi - ci->lo) / 2.0 : kNotANumber; }

MetricDifference derived_difference(const MetricResult& base, const MetricResult& variant, double z) {
  MetricDifference d;
  d.metric = base.name;
  const LevelEstimate* base_cvar = base.cvar_at(0.99);
  const LevelEstimate* variant_cvar = variant.cvar_at(0.99);
  d.baseline_mean = base.mean;
  d.variant_mean = variant.mean;
  d.baseline_cvar99 = base_cvar ? base_cvar->value : kNotANumber;
  d.variant_cvar99 = variant_cvar ? variant_cvar->value : kNotANumber;
  d.mean_difference = variant.mean - base.mean;
  // Separate runs: the variances add. With common random numbers (same seed)
  // the runs are positively correlated, so this overstates the noise.
  d.mean_difference_se = std::sqrt(base.se * base.se + variant.se * variant.se);
  d.mean_difference_ci =
      Interval{d.mean_difference - z * d.mean_difference_se, d.mean_difference + z * d.mean_difference_se};
  d.cvar99_difference = d.variant_cvar99 - d.baseline_cvar99;
  if (base_cvar && variant_cvar && base_cvar->ci && variant_cvar->ci) {
    const double hb = half_width(base_cvar->ci);
    const double hv = half_width(variant_cvar->ci);
    const double h = std::sqrt(hb * hb + hv * hv);
    d.cvar99_difference_ci = Interval{d.cvar99_difference - h, d.cvar99_difference + h};
  }
  return d;
}

/// Rank policies with a positive cost by expected-loss reduction per unit of
/// cost over the horizon.
void rank_policies(ComparisonResults& c) {
  std::vector<VariantComparison*> costed;
  for (VariantComparison& v : c.variants) {
    const MetricDifference* total = v.difference("loss_total");
    if (v.kind != "policy" || !v.annual_cost || !(*v.annual_cost > 0.0) || total == nullptr) continue;
    const double cost = *v.annual_cost * static_cast<double>(c.horizon_weeks) / 52.0;
    v.cost_effectiveness = CostEffectiveness{-total->mean_difference / cost, -total->cvar99_difference / cost, 0};
    costed.push_back(&v);
  }
  std::stable_sort(costed.begin(), costed.end(), [](const VariantComparison* a, const VariantComparison* b) {
    return a->cost_effectiveness->expected_loss_reduction_per_cost >
           b->cost_effectiveness->expected_loss_reduction_per_cost;
  });
  for (std::size_t i = 0; i < costed.size(); ++i) costed[i]->cost_effectiveness->rank = i + 1;
}

}  // namespace

const MetricDifference* VariantComparison::difference(std::string_view metric) const {
  for (const MetricDifference& d : differences) {
    if (d.metric == metric) return &d;
  }
  return nullptr;
}

double normal_interval_z(double confidence) { return det_normal_quantile(0.5 + confidence / 2.0); }

ComparisonResults read_comparison(const std::string& folder) {
  const JsonCursor root = read_json_file((std::filesystem::path(folder) / "comparison.json").string());
  const JsonCursor format = root["format"];
  if (format.string() != std::string_view(kComparisonFormat)) {
    format.fail(fmt::format("expected \"{}\", got {}", kComparisonFormat, describe_json(format.value())));
  }
  ComparisonResults r;
  static_cast<StudyHeading&>(r) = read_study_heading(root["study"]);
  r.folder = folder;
  r.paired = true;
  r.confidence = root["confidence"].number();
  for (const JsonCursor& v : root["variants"].items()) r.variants.push_back(read_variant(v));
  return r;
}

ComparisonResults derive_comparison(const StudyResults& baseline, const std::vector<const StudyResults*>& variants,
                                    const Scenario* model) {
  ComparisonResults c;
  c.paired = false;
  static_cast<StudyHeading&>(c) = baseline;
  const double z = normal_interval_z(c.confidence);
  std::vector<std::string> compared = {"loss_total"};
  for (const std::string& sector : baseline.sectors()) compared.push_back("loss." + sector);
  for (const StudyResults* study : variants) {
    VariantComparison v;
    v.kind = study->policy.empty() ? "stress_test" : "policy";
    v.id = study->policy.empty() ? study->stress_test : study->policy;
    v.label = v.id;
    v.folder = study->folder;
    if (model != nullptr && v.kind == "policy") {
      for (const Policy& p : model->policies) {
        if (p.id == v.id) {
          v.label = p.label.empty() ? p.id : p.label;
          v.annual_cost = p.annual_cost;
        }
      }
    }
    if (model != nullptr && v.kind == "stress_test") {
      for (const StressTest& t : model->stress_tests) {
        if (t.id == v.id && !t.label.empty()) v.label = t.label;
      }
    }
    for (const std::string& name : compared) {
      const MetricResult* b = baseline.metric(name);
      const MetricResult* m = study->metric(name);
      if (b != nullptr && m != nullptr) v.differences.push_back(derived_difference(*b, *m, z));
    }
    c.variants.push_back(std::move(v));
  }
  rank_policies(c);
  return c;
}

}  // namespace chokepoint::report
