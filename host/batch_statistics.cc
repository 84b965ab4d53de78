#include "batch_statistics.hh"

#include <algorithm>

#include "exact_value.hh"
#include "study_statistics.hh"

namespace chokepoint {

std::uint64_t batch_size_for(std::uint64_t scenarios, std::uint64_t batches) {
  return scenarios / batches + (scenarios % batches != 0 ? 1 : 0);
}

void BatchStatistics::add_batch(const StudyAccumulator& batch, const CompiledModel& model) {
  const std::size_t outputs = batch.metrics().size();
  if (mean.empty()) {
    mean.resize(outputs);
    cvar95.resize(outputs);
    cvar99.resize(outputs);
  }
  const std::uint64_t n = batch.count();
  count.push_back(n);
  for (std::size_t k = 0; k < outputs; ++k) {
    const MetricAccumulator& m = batch.metrics()[k];
    const MetricKind kind = model.metrics()[k].kind;
    const auto top = m.top.sorted();
    mean[k].push_back(exact_mean(m.sum, n));
    cvar95[k].push_back(n > 0 ? tail_mean(m, top, kind, n, 0.95).value : NAN);
    cvar99[k].push_back(n > 0 ? tail_mean(m, top, kind, n, 0.99).value : NAN);
  }
}

void BatchStatistics::append(const BatchStatistics& later) {
  if (later.count.empty()) return;
  if (mean.empty()) {
    mean.resize(later.mean.size());
    cvar95.resize(later.mean.size());
    cvar99.resize(later.mean.size());
  }
  count.insert(count.end(), later.count.begin(), later.count.end());
  for (std::size_t k = 0; k < mean.size(); ++k) {
    mean[k].insert(mean[k].end(), later.mean[k].begin(), later.mean[k].end());
    cvar95[k].insert(cvar95[k].end(), later.cvar95[k].begin(), later.cvar95[k].end());
    cvar99[k].insert(cvar99[k].end(), later.cvar99[k].begin(), later.cvar99[k].end());
  }
}

void BatchStatistics::write(ByteWriter& out) const {
  out.u64(batch_size);
  out.u64(count.size());
  for (const std::uint64_t c : count) out.u64(c);
  out.u64(mean.size());
  for (const auto* table : {&mean, &cvar95, &cvar99}) {
    for (const auto& per_batch : *table) {
      for (const double v : per_batch) out.f64(v);
    }
  }
}

void BatchStatistics::read(ByteReader& in) {
  batch_size = in.u64();
  count.resize(in.count(8));
  for (std::uint64_t& c : count) c = in.u64();
  const std::uint64_t outputs = in.count(std::max<std::size_t>(1, count.size() * 24));
  for (auto* table : {&mean, &cvar95, &cvar99}) {
    table->assign(outputs, std::vector<double>(count.size()));
    for (auto& per_batch : *table) {
      for (double& v : per_batch) v = in.f64();
    }
  }
}

}  // namespace chokepoint
