#include "comparison_output.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "json_writer.hh"
#include "number_format.hh"
#include "study_output.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

}  // namespace

json::value comparison_json(const StudyIdentity& baseline, const std::vector<VariantComparison>& comparisons) {
  json::array variants;
  for (const VariantComparison& c : comparisons) {
    json::array differences;
    for (const MetricComparison& m : c.metrics) {
      differences.push_back(json::object{
          {"metric", m.metric},
          {"baseline", json::object{{"mean", json_number(m.baseline_mean)}, {"cvar99", json_number(m.baseline_cvar99)}}},
          {"variant", json::object{{"mean", json_number(m.variant_mean)}, {"cvar99", json_number(m.variant_cvar99)}}},
          {"mean_difference",
           json::object{{"value", json_number(m.mean.value)}, {"se", json_number(m.mean.se)}, {"ci", interval_json(m.mean.ci)}}},
          {"cvar99_difference", json::object{{"value", json_number(m.cvar99.value)}, {"ci", interval_json(m.cvar99.ci)}}}});
    }
    json::value cost = nullptr;
    if (c.cost) {
      cost = json::object{{"expected_loss_reduction_per_cost", json_number(c.cost->expected_loss_reduction_per_cost)},
                          {"cvar99_reduction_per_cost", json_number(c.cost->cvar99_reduction_per_cost)},
                          {"rank", c.cost->rank},
                          {"cvar99_rank", c.cost->cvar99_rank}};
    }
    const StudyVariant& v = *c.variant;
    variants.push_back(json::object{{"kind", v.kind},
                                    {"id", v.id},
                                    {"label", v.label},
                                    {"annual_cost", v.annual_cost ? json_number(*v.annual_cost) : json::value(nullptr)},
                                    {"folder", v.folder},
                                    {"differences", std::move(differences)},
                                    {"cost_effectiveness", std::move(cost)}});
  }
  return json::object{{"format", kComparisonFormat},
                      {"study", json::object{{"model", baseline.model_name},
                                             {"model_sha256", baseline.model_sha256},
                                             {"value_unit", baseline.value_unit},
                                             {"horizon_weeks", baseline.horizon_weeks},
                                             {"seed", baseline.seed},
                                             {"scenarios", baseline.scenarios}}},
                      {"confidence", kConfidence},
                      {"note", "Differences are variant minus baseline over the horizon (negative: risk reduced), "
                               "paired over the same scenarios; intervals are 95% batch means over the paired "
                               "batches. Cost-effectiveness divides the reduction by the annual cost times "
                               "horizon_weeks / 52."},
                      {"variants", std::move(variants)}};
}

std::string comparison_csv(const std::vector<VariantComparison>& comparisons) {
  std::string out =
      "kind,id,metric,baseline_mean,variant_mean,mean_difference,mean_difference_se,mean_ci_low,mean_ci_high,"
      "baseline_cvar99,variant_cvar99,cvar99_difference,cvar99_ci_low,cvar99_ci_high,annual_cost,"
      "loss_reduction_per_cost,cvar99_reduction_per_cost,rank\n";
  const auto num = [](double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); };
  for (const VariantComparison& c : comparisons) {
    for (const MetricComparison& m : c.metrics) {
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", c.variant->kind, c.variant->id, m.metric,
                         num(m.baseline_mean), num(m.variant_mean), num(m.mean.value), num(m.mean.se),
                         m.mean.ci ? num(m.mean.ci->first) : "", m.mean.ci ? num(m.mean.ci->second) : "",
                         num(m.baseline_cvar99), num(m.variant_cvar99), num(m.cvar99.value),
                         m.cvar99.ci ? num(m.cvar99.ci->first) : "", m.cvar99.ci ? num(m.cvar99.ci->second) : "",
                         c.variant->annual_cost ? num(*c.variant->annual_cost) : "",
                         c.cost ? num(c.cost->expected_loss_reduction_per_cost) : "",
                         c.cost ? num(c.cost->cvar99_reduction_per_cost) : "", c.cost ? std::to_string(c.cost->rank) : "");
    }
  }
  return out;
}

std::string comparison_table(const StudyIdentity& baseline, const std::vector<VariantComparison>& comparisons) {
  std::string out = fmt::format("{}: {} scenarios, seed {}; loss_total in {} over {} weeks, variant minus baseline "
                                "with 95% intervals (paired batch means)\n\n",
                                baseline.model_name, format_count(baseline.scenarios), baseline.seed,
                                baseline.value_unit.empty() ? "value units" : baseline.value_unit, baseline.horizon_weeks);
  out += fmt::format("{:<12} {:<28} {:>12} {:>26} {:>12} {:>26} {:>11} {:>10}\n", "kind", "id", "mean diff", "95% CI",
                     "CVaR99 diff", "95% CI", "reduction/", "rank");
  out += fmt::format("{:<12} {:<28} {:>12} {:>26} {:>12} {:>26} {:>11} {:>10}\n", "", "", "", "", "", "", "cost", "");
  std::vector<const VariantComparison*> order;
  for (const VariantComparison& c : comparisons) order.push_back(&c);
  // Costed policies by rank first, then the rest in file order.
  std::stable_sort(order.begin(), order.end(), [](const VariantComparison* a, const VariantComparison* b) {
    const int ra = a->cost ? a->cost->rank : 1 << 30;
    const int rb = b->cost ? b->cost->rank : 1 << 30;
    return ra < rb;
  });
  for (const VariantComparison* c : order) {
    const MetricComparison& total = c->metrics.front();
    out += fmt::format("{:<12} {:<28} {:>12} {:>26} {:>12} {:>26} {:>11} {:>10}\n", c->variant->kind, c->variant->id,
                       format_amount(total.mean.value), interval_text(total.mean.ci), format_amount(total.cvar99.value),
                       interval_text(total.cvar99.ci),
                       c->cost ? format_amount(c->cost->expected_loss_reduction_per_cost) : "-",
                       c->cost ? std::to_string(c->cost->rank) : "-");
  }
  return out;
}

}  // namespace chokepoint
