#include "comparison.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "json_writer.hh"
#include "number_format.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

/// Standard error of the mean of batch differences b[i] - a[i].
double batch_difference_se(const std::vector<double>& a, const std::vector<double>& b) {
  if (b.size() != a.size()) return NAN;
  std::vector<double> differences(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) differences[i] = b[i] - a[i];
  return batch_standard_error(differences);
}

MetricComparison compare_metric(const StudyStatistics& base, const StudyStatistics& variant, std::size_t k) {
  const MetricStatistics& b = base.metrics[k];
  const MetricStatistics& v = variant.metrics[k];
  MetricComparison c;
  c.metric = b.name;
  c.baseline_mean = b.mean;
  c.variant_mean = v.mean;
  c.baseline_cvar99 = b.cvar[1].value;
  c.variant_cvar99 = v.cvar[1].value;
  c.mean.value = v.mean - b.mean;
  c.cvar99.value = c.variant_cvar99 - c.baseline_cvar99;
  if (k < base.batches.mean.size() && k < variant.batches.mean.size()) {
    c.mean.se = batch_difference_se(base.batches.mean[k], variant.batches.mean[k]);
    c.mean.ci = paired_batch_interval(c.mean.value, base.batches.mean[k], variant.batches.mean[k]);
    c.cvar99.ci = paired_batch_interval(c.cvar99.value, base.batches.cvar99[k], variant.batches.cvar99[k]);
  }
  return c;
}

/// 1-based ranks by descending value (ties share the better rank order of appearance).
std::vector<int> ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
  std::vector<int> rank(values.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<int>(r) + 1;
  return rank;
}

json::value interval(const std::optional<Interval>& ci) {
  if (!ci) return nullptr;
  return json::array{json_number(ci->first), json_number(ci->second)};
}

std::string interval_text(const std::optional<Interval>& ci) {
  if (!ci) return "n/a";
  return fmt::format("[{}, {}]", format_amount(ci->first), format_amount(ci->second));
}

}  // namespace

std::vector<VariantComparison> compare_variants(const StudyStatistics& baseline, const std::vector<StudyVariant>& variants,
                                                std::int32_t horizon_weeks) {
  std::vector<std::size_t> loss_metrics;
  for (std::size_t k = 0; k < baseline.metrics.size(); ++k) {
    const std::string& name = baseline.metrics[k].name;
    if (name == "loss_total" || name.rfind("loss.", 0) == 0) loss_metrics.push_back(k);
  }
  std::vector<VariantComparison> out;
  std::vector<std::size_t> costed;
  std::vector<double> per_cost;
  std::vector<double> cvar_per_cost;
  for (const StudyVariant& v : variants) {
    VariantComparison c;
    c.variant = &v;
    for (const std::size_t k : loss_metrics) c.metrics.push_back(compare_metric(baseline, v.stats, k));
    if (v.annual_cost && *v.annual_cost > 0.0) {
      const double cost = *v.annual_cost * horizon_weeks / 52.0;
      const MetricComparison& total = c.metrics.front();
      CostEffectiveness e;
      e.expected_loss_reduction_per_cost = -total.mean.value / cost;
      e.cvar99_reduction_per_cost = -total.cvar99.value / cost;
      c.cost = e;
      costed.push_back(out.size());
      per_cost.push_back(e.expected_loss_reduction_per_cost);
      cvar_per_cost.push_back(e.cvar99_reduction_per_cost);
    }
    out.push_back(std::move(c));
  }
  const std::vector<int> rank = ranks(per_cost);
  const std::vector<int> cvar_rank = ranks(cvar_per_cost);
  for (std::size_t i = 0; i < costed.size(); ++i) {
    out[costed[i]].cost->rank = rank[i];
    out[costed[i]].cost->cvar99_rank = cvar_rank[i];
  }
  return out;
}

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
           json::object{{"value", json_number(m.mean.value)}, {"se", json_number(m.mean.se)}, {"ci", interval(m.mean.ci)}}},
          {"cvar99_difference", json::object{{"value", json_number(m.cvar99.value)}, {"ci", interval(m.cvar99.ci)}}}});
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
