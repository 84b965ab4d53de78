#include "study_statistics.hh"

#include <algorithm>
#include <cmath>

#include "exact_value.hh"
#include "importance_weight.hh"
#include "value_bins.hh"

namespace chokepoint {

namespace {

bool is_whole(MetricKind kind) { return kind == MetricKind::weeks || kind == MetricKind::count; }

/// The value reported for bin b of an output.
double bin_value(std::int32_t b, MetricKind kind, double min, double max) {
  if (is_whole(kind)) return b;
  if (b == 0) return 0.0;
  double v = 0.5 * (LogBins::lower(b) + LogBins::upper(b));
  if (b == LogBins::kCount - 1) v = max;
  return std::clamp(v, min, max);
}

/// Mean of the units of ranks [from, mass].
Estimate upper_mean(const MetricAccumulator& m, const RankedTop& top, MetricKind kind, std::uint64_t mass,
                    std::uint64_t from) {
  const std::uint64_t count = mass - from + 1;
  ExactSum exact;
  std::uint64_t taken = 0;
  for (std::size_t i = 0; taken < count && i < top.entries.size(); ++i) {
    const std::uint64_t use = std::min(top.entries[i].units, count - taken);
    exact.add(top.entries[i].value * static_cast<double>(use));
    taken += use;
  }
  double sum = exact_sum_value(exact);
  bool exact_result = true;
  if (taken < count) {
    // The rest from the histogram: ranks [from, mass - taken], walking down from the top bin.
    std::uint64_t need = count - taken;
    std::uint64_t skip = taken;  // the units already taken are the largest ones
    for (auto b = static_cast<std::int32_t>(m.bins.size()) - 1; b >= 0 && need > 0; --b) {
      std::uint64_t c = m.bins[static_cast<std::size_t>(b)];
      const std::uint64_t skipped = std::min(c, skip);
      skip -= skipped;
      c -= skipped;
      const std::uint64_t use = std::min(c, need);
      sum += static_cast<double>(use) * bin_value(b, kind, m.min, m.max);
      if (use > 0 && b != 0 && !is_whole(kind)) exact_result = false;  // bin 0 is exactly zero
      need -= use;
    }
  }
  return {sum / static_cast<double>(count), exact_result};
}

std::vector<std::pair<double, double>> exceedance_curve(const MetricAccumulator& m, MetricKind kind,
                                                        std::uint64_t mass) {
  std::vector<std::pair<double, double>> points;
  if (mass == 0) return points;
  const auto nd = static_cast<double>(mass);
  std::uint64_t above = mass;  // units above the current edge
  for (std::size_t b = 0; b < m.bins.size(); ++b) {
    above -= m.bins[b];
    double edge = 0.0;
    if (is_whole(kind)) {
      edge = static_cast<double>(b);
    } else {
      // Eight points per octave (every 16th bin edge), and x = 0.
      if (b != 0 && (b < 2 || (b - 2) % 16 != 15 || b + 1 == m.bins.size())) continue;
      edge = LogBins::upper(static_cast<std::int32_t>(b));
    }
    if (edge < m.min && b != 0) continue;
    points.emplace_back(edge, static_cast<double>(above) / nd);
    if (above == 0) break;
  }
  return points;
}

/// Position of `p` in kQuantileLevels.
std::size_t quantile_level(double p) {
  return static_cast<std::size_t>(std::find(std::begin(kQuantileLevels), std::end(kQuantileLevels), p) -
                                  std::begin(kQuantileLevels));
}

MetricStatistics metric_statistics(const MetricAccumulator& m, const MetricInfo& info, std::uint64_t n,
                                   std::uint64_t mass, bool weighted, const BatchStatistics& batches,
                                   std::size_t index) {
  MetricStatistics s;
  s.name = info.name;
  s.kind = info.kind;
  s.count = n;
  if (n == 0 || mass == 0) return s;
  const bool have_batches = index < batches.cvar95.size();
  s.mean = exact_mean(m.sum, mass);
  s.sd = mass > 1 ? std::sqrt(exact_variance(m.sum, m.sum_sq, mass)) : 0.0;
  s.se = weighted ? (have_batches ? batch_standard_error(batches.mean[index]) : NAN)
                  : s.sd / std::sqrt(static_cast<double>(n));
  s.min = m.min;
  s.max = m.max;
  s.p_positive = static_cast<double>(m.positive) / static_cast<double>(mass);
  const RankedTop top(m.top);
  for (const double p : kQuantileLevels) s.quantiles.push_back(order_statistic(m, top, info.kind, mass, rank_at(p, mass)));
  for (const double alpha : kTailLevels) {
    const std::uint64_t r = rank_at(alpha, mass);
    s.var.push_back(order_statistic(m, top, info.kind, mass, r));
    s.cvar.push_back(upper_mean(m, top, info.kind, mass, r));
  }
  s.exceedance = exceedance_curve(m, info.kind, mass);

  // Weighted means take the batch-means interval, with t(B - 1) like every
  // other batch interval: with few batches z = 1.96 is too narrow.
  const auto weighted_mean_ci = have_batches ? batch_interval(s.mean, batches.mean[index]) : std::nullopt;
  s.mean_ci = weighted ? weighted_mean_ci.value_or(kUnknownInterval) : normal_interval(s.mean, s.se);
  const auto order_bound = [&](std::uint64_t rank) {
    if (rank == 0) return -HUGE_VAL;
    if (rank > mass) return HUGE_VAL;
    return order_statistic(m, top, info.kind, mass, rank).value;
  };
  const auto order_interval = [&](double p) {
    if (weighted) {
      // Sectioning (confidence.hh): the spread of the batch quantiles around
      // the centre. The centre is the study's quantile when it is an exact
      // order statistic. When it comes from a histogram bin (the tail's mass
      // spread over more scenarios than the top-K holds) it is only within
      // kBinRelativeError, as large as the sampling error at n = 200,000
      // (q0.99 covered 89% on it): the centre is then the mean of the batch
      // quantiles, exact while a batch fits its top-K list, and the interval
      // is the batch-means one.
      if (!have_batches || !batches.tail_trusted(p)) return kUnknownInterval;
      const std::size_t level = quantile_level(p);
      const std::vector<double>& per_batch = batches.quantiles[index][level];
      double center = s.quantiles[level].value;
      if (!s.quantiles[level].exact) {
        double sum = 0.0;
        for (const double q : per_batch) sum += q;
        center = sum / static_cast<double>(per_batch.size());
      }
      return sectioning_interval(center, per_batch).value_or(kUnknownInterval);
    }
    const auto [lower, upper] = quantile_interval_ranks(n, p);  // mass == n without weights
    return Interval{order_bound(lower), order_bound(upper)};
  };
  for (const double p : kQuantileLevels) s.quantile_ci.push_back(order_interval(p));
  for (const double alpha : kTailLevels) s.var_ci.push_back(order_interval(alpha));
  const auto cvar_interval = [&](std::size_t i, const std::vector<std::vector<double>>& per_batch) {
    const bool trusted = have_batches && batches.tail_trusted(kTailLevels[i]);
    return trusted ? batch_interval(s.cvar[i].value, per_batch[index]) : std::nullopt;
  };
  s.cvar_ci.push_back(cvar_interval(0, batches.cvar95));
  s.cvar_ci.push_back(cvar_interval(1, batches.cvar99));
  return s;
}

/// The p-quantile of a week's ratio over the bins from `first` on: 0 for
/// every path, 1 for the paths short that week (bin 0 holds exactly zero).
/// NaN when those bins hold no mass.
double ratio_quantile(const std::uint64_t* bins, std::int32_t first, double p) {
  std::uint64_t mass = 0;  // of this week: the units of the paths up to it
  for (std::int32_t b = first; b < RatioBins::kCount; ++b) mass += bins[b];
  if (mass == 0) return NAN;
  const std::uint64_t r = rank_at(p, mass);
  std::uint64_t cumulative = 0;
  for (std::int32_t b = first; b < RatioBins::kCount; ++b) {
    cumulative += bins[b];
    if (cumulative >= r) return b == 0 ? 0.0 : (b - 0.5) * RatioBins::kWidth;
  }
  return 1.0;
}

/// Share of a week's mass in the bins above zero.
double share_short(const std::uint64_t* bins) {
  std::uint64_t mass = 0;
  for (std::int32_t b = 0; b < RatioBins::kCount; ++b) mass += bins[b];
  return mass == 0 ? NAN : static_cast<double>(mass - bins[0]) / static_cast<double>(mass);
}

}  // namespace

std::uint64_t rank_at(double p, std::uint64_t n) {
  if (n == 0) return 0;
  const auto r = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(n)));
  return std::clamp<std::uint64_t>(r, 1, n);
}

RankedTop::RankedTop(const TopK& top, std::size_t ranked) : entries(top.largest(ranked)) {
  mass_through.reserve(entries.size());
  std::uint64_t mass = 0;
  for (const TopK::Entry& e : entries) mass_through.push_back(mass += e.units);
}

Estimate tail_mean(const MetricAccumulator& m, const RankedTop& top, MetricKind kind, std::uint64_t mass, double alpha) {
  return upper_mean(m, top, kind, mass, rank_at(alpha, mass));
}

Estimate order_statistic(const MetricAccumulator& m, const RankedTop& top, MetricKind kind, std::uint64_t mass,
                         std::uint64_t rank) {
  const std::uint64_t from_top = mass - rank;  // 0 for the largest unit
  // The first entry whose units reach past from_top holds that unit.
  const auto holder = std::upper_bound(top.mass_through.begin(), top.mass_through.end(), from_top);
  if (holder != top.mass_through.end()) return {top.entries[static_cast<std::size_t>(holder - top.mass_through.begin())].value, true};
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < m.bins.size(); ++b) {
    cumulative += m.bins[b];
    // Bin 0 holds exactly zero, so a value there is exact too.
    if (cumulative >= rank) return {bin_value(static_cast<std::int32_t>(b), kind, m.min, m.max), is_whole(kind) || b == 0};
  }
  return {m.max, false};
}

StudyStatistics compute_statistics(const StudyAccumulator& acc, const BatchStatistics& batches,
                                   const CompiledModel& model) {
  StudyStatistics out;
  const std::uint64_t n = acc.count();
  const std::uint64_t mass = acc.units();
  const bool weighted = !model.importance_factors().empty();
  out.scenarios = n;
  out.top_k = acc.shape().top_k;
  out.batches = batches;
  if (weighted) {
    const double sum = static_cast<double>(mass);
    out.importance = ImportanceSummary{model.importance_factors(), sum * sum / exact_sum_value(acc.units_sq())};
  }
  for (std::size_t k = 0; k < acc.metrics().size(); ++k) {
    out.metrics.push_back(metric_statistics(acc.metrics()[k], model.metrics()[k], n, mass, weighted, batches, k));
  }
  const std::int32_t weeks = model.weeks();
  for (std::size_t s = 0; s < model.sectors().size(); ++s) {
    FanChart fan;
    fan.sector = model.sectors()[s];
    for (std::int32_t t = 0; t < weeks && mass > 0; ++t) {
      const std::uint64_t* bins = acc.fan(static_cast<std::int32_t>(s), t);
      fan.q50.push_back(ratio_quantile(bins, 0, 0.5));
      fan.q90.push_back(ratio_quantile(bins, 0, 0.9));
      fan.q99.push_back(ratio_quantile(bins, 0, 0.99));
      fan.p_short.push_back(share_short(bins));
      fan.q50_short.push_back(ratio_quantile(bins, 1, 0.5));
      fan.q90_short.push_back(ratio_quantile(bins, 1, 0.9));
      fan.q99_short.push_back(ratio_quantile(bins, 1, 0.99));
    }
    out.fan_charts.push_back(std::move(fan));
  }

  // Tail of loss_total at 0.99: the units of rank >= ceil(0.99 mass).
  const MetricLayout& lay = acc.shape().layout;
  const auto entries = acc.tail().sorted();
  const auto payloads = acc.tail().sorted_payloads();
  TailAttribution& tail = out.tail;
  tail.sector_mean_loss.assign(static_cast<std::size_t>(lay.n_sectors), 0.0);
  tail.event_lift.assign(static_cast<std::size_t>(lay.n_events), NAN);
  if (mass > 0) {
    const std::uint64_t wanted = mass - rank_at(tail.alpha, mass) + 1;
    std::vector<ExactSum> sums(acc.shape().tail_width());
    std::uint64_t taken = 0;
    std::size_t used = 0;
    for (; used < entries.size() && taken < wanted; ++used) {
      const std::uint64_t take = std::min(entries[used].units, wanted - taken);
      for (std::size_t j = 0; j < sums.size(); ++j) sums[j].add(payloads[used][j] * static_cast<double>(take));
      taken += take;
    }
    tail.exact = taken == wanted;
    tail.scenarios = used;
    const auto count = static_cast<double>(taken);
    for (std::int32_t s = 0; s < lay.n_sectors; ++s) {
      tail.sector_mean_loss[static_cast<std::size_t>(s)] = exact_sum_value(sums[static_cast<std::size_t>(s)]) / count;
    }
    for (std::int32_t e = 0; e < lay.n_events; ++e) {
      const double overall = exact_mean(acc.metrics()[static_cast<std::size_t>(lay.event_starts(e))].sum, mass);
      const double in_tail = exact_sum_value(sums[static_cast<std::size_t>(lay.n_sectors + e)]) / count;
      if (overall > 0.0) tail.event_lift[static_cast<std::size_t>(e)] = in_tail / overall;
    }
  }
  for (std::size_t i = 0; i < entries.size() && i < kWorstListed; ++i) {
    WorstScenario w;
    w.scenario = entries[i].scenario;
    if (weighted) w.weight = static_cast<double>(entries[i].units) / kUnitsPerWeight;
    w.loss_total = entries[i].value;
    w.sector_loss.assign(payloads[i].begin(), payloads[i].begin() + lay.n_sectors);
    w.event_starts.assign(payloads[i].begin() + lay.n_sectors, payloads[i].end());
    out.worst.push_back(std::move(w));
  }
  return out;
}

}  // namespace chokepoint
