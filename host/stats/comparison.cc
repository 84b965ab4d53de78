#include "comparison.hh"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace chokepoint {

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
    // The rule of the CVaR intervals (BatchStatistics::tail_trusted): a
    // difference of batch CVaRs over one or two tail values each is no
    // better than those values.
    if (base.batches.tail_trusted(0.99) && variant.batches.tail_trusted(0.99)) {
      c.cvar99.ci = paired_batch_interval(c.cvar99.value, base.batches.cvar99[k], variant.batches.cvar99[k]);
    }
  }
  return c;
}

/// 1-based ranks by descending value (ties in order of appearance), NaN last:
/// `>` alone is no strict weak order once a value is NaN, and the sort could
/// then scramble every rank.
std::vector<int> ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (std::isnan(values[a]) || std::isnan(values[b])) return !std::isnan(values[a]) && std::isnan(values[b]);
    return values[a] > values[b];
  });
  std::vector<int> rank(values.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<int>(r) + 1;
  return rank;
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

}  // namespace chokepoint
