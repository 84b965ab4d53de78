#include "batch_statistics.hh"

#include <algorithm>
#include <iterator>

#include "exact_value.hh"
#include "study_statistics.hh"

namespace chokepoint {

std::uint64_t batch_size_for(std::uint64_t scenarios, std::uint64_t batches) {
  return scenarios / batches + (scenarios % batches != 0 ? 1 : 0);
}

bool BatchStatistics::tail_trusted(double level) const {
  if (count.size() < 2) return false;
  const std::uint64_t smallest = *std::min_element(count.begin(), count.end());
  return static_cast<double>(smallest) * (1.0 - level) >= kMinBatchTail;
}

void BatchStatistics::add_batch(const StudyAccumulator& batch, const CompiledModel& model, int threads) {
  const std::size_t outputs = batch.metrics().size();
  constexpr std::size_t levels = std::size(kQuantileLevels);
  if (mean.empty()) {
    mean.resize(outputs);
    cvar95.resize(outputs);
    cvar99.resize(outputs);
    quantiles.assign(outputs, std::vector<std::vector<double>>(levels));
  }
  const std::uint64_t mass = batch.units();
  count.push_back(batch.count());
  // Every figure of a batch lies at or above its lowest level (the median):
  // with one unit per scenario (plain Monte Carlo) the entries below it need
  // no ranking, which halves the sorting that dominated this function.
  const double lowest = std::min(*std::min_element(std::begin(kQuantileLevels), std::end(kQuantileLevels)),
                                 *std::min_element(std::begin(kTailLevels), std::end(kTailLevels)));
  const std::size_t ranked = model.importance_factors().empty() && mass > 0
                                 ? static_cast<std::size_t>(mass - rank_at(lowest, mass) + 1)
                                 : SIZE_MAX;
  // Ranking an output's list (a sort of up to a batch's values) is most of
  // the work, and no output's figures depend on another's.
#pragma omp parallel for num_threads(threads) schedule(dynamic)
  for (std::size_t k = 0; k < outputs; ++k) {
    const MetricAccumulator& m = batch.metrics()[k];
    const MetricKind kind = model.metrics()[k].kind;
    const RankedTop top(m.top, ranked);
    mean[k].push_back(exact_mean(m.sum, mass));
    cvar95[k].push_back(mass > 0 ? tail_mean(m, top, kind, mass, 0.95).value : NAN);
    cvar99[k].push_back(mass > 0 ? tail_mean(m, top, kind, mass, 0.99).value : NAN);
    for (std::size_t j = 0; j < levels; ++j) {
      quantiles[k][j].push_back(mass > 0 ? order_statistic(m, top, kind, mass, rank_at(kQuantileLevels[j], mass)).value
                                         : NAN);
    }
  }
}

void BatchStatistics::append(const BatchStatistics& later) {
  if (later.count.empty()) return;
  if (mean.empty()) {
    mean.resize(later.mean.size());
    cvar95.resize(later.mean.size());
    cvar99.resize(later.mean.size());
    quantiles.assign(later.mean.size(), std::vector<std::vector<double>>(std::size(kQuantileLevels)));
  }
  count.insert(count.end(), later.count.begin(), later.count.end());
  const auto extend = [](std::vector<double>& to, const std::vector<double>& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  for (std::size_t k = 0; k < mean.size(); ++k) {
    extend(mean[k], later.mean[k]);
    extend(cvar95[k], later.cvar95[k]);
    extend(cvar99[k], later.cvar99[k]);
    for (std::size_t j = 0; j < quantiles[k].size(); ++j) extend(quantiles[k][j], later.quantiles[k][j]);
  }
}

namespace {

/// Each per-batch series of the statistics, in a fixed order (for write and read).
template <class Stats, class Visit>
void for_each_series(Stats& s, Visit&& visit) {
  for (auto* table : {&s.mean, &s.cvar95, &s.cvar99}) {
    for (auto& per_batch : *table) visit(per_batch);
  }
  for (auto& per_output : s.quantiles) {
    for (auto& per_batch : per_output) visit(per_batch);
  }
}

}  // namespace

void BatchStatistics::write(ByteWriter& out) const {
  out.u64(batch_size);
  out.u64(count.size());
  for (const std::uint64_t c : count) out.u64(c);
  out.u64(mean.size());
  for_each_series(*this, [&out](const std::vector<double>& series) {
    for (const double v : series) out.f64(v);
  });
}

void BatchStatistics::read(ByteReader& in) {
  batch_size = in.u64();
  count.resize(in.count(8));
  for (std::uint64_t& c : count) c = in.u64();
  constexpr std::size_t levels = std::size(kQuantileLevels);
  const std::uint64_t outputs = in.count(std::max<std::size_t>(1, count.size() * 8 * (3 + levels)));
  for (auto* table : {&mean, &cvar95, &cvar99}) table->assign(outputs, std::vector<double>(count.size()));
  quantiles.assign(outputs, std::vector<std::vector<double>>(levels, std::vector<double>(count.size())));
  for_each_series(*this, [&in](std::vector<double>& series) {
    for (double& v : series) v = in.f64();
  });
}

}  // namespace chokepoint
