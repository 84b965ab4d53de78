#include "study_accumulator.hh"

#include <algorithm>
#include <stdexcept>
#include <string>


namespace chokepoint {

namespace {
bool is_whole(MetricKind kind) { return kind == MetricKind::weeks || kind == MetricKind::count; }
}  // namespace

AccumulatorShape AccumulatorShape::of(const CompiledModel& model, std::size_t top_k) {
  AccumulatorShape shape;
  for (const MetricInfo& m : model.metrics()) shape.kinds.push_back(m.kind);
  shape.layout = model.sizes().layout;
  shape.weeks = model.weeks();
  shape.top_k = top_k;
  return shape;
}

std::int32_t AccumulatorShape::bins_of(MetricKind kind) const { return is_whole(kind) ? weeks + 1 : LogBins::kCount; }

StudyAccumulator::StudyAccumulator(AccumulatorShape shape, std::uint32_t adds_before_normalise)
    : shape_(std::move(shape)),
      adds_before_normalise_(std::clamp<std::uint32_t>(adds_before_normalise, 1, ExactSum::kAddsBeforeCarry)),
      tail_(shape_.top_k, shape_.tail_width()),
      payload_(shape_.tail_width()) {
  metrics_.reserve(shape_.kinds.size());
  for (const MetricKind kind : shape_.kinds) {
    MetricAccumulator m{ExactSum{},
                        ExactSum{},
                        0,
                        HUGE_VAL,
                        -HUGE_VAL,
                        std::vector<std::uint64_t>(static_cast<std::size_t>(shape_.bins_of(kind)), 0),
                        TopK(shape_.top_k, 0),
                        TouchedRange{}};
    metrics_.push_back(std::move(m));
  }
  fan_.assign(static_cast<std::size_t>(shape_.layout.n_sectors) * static_cast<std::size_t>(shape_.weeks) * RatioBins::kCount, 0);
}

void StudyAccumulator::add_units(std::uint64_t units) {
  // Mass counts of bins and fan cells never exceed the total, so checking
  // the total guards them all. Only importance weights can get here: it
  // takes about 2^39 scenarios of average weight.
  if (__builtin_add_overflow(units_, units, &units_)) {
    throw std::overflow_error(
        "the importance-sampling mass of the study overflows its 64-bit counters; run fewer scenarios per study "
        "(shards of fewer scenarios cannot be merged either) or lower the importance factors");
  }
}

void StudyAccumulator::add_scenario(std::uint64_t scenario, const double* out, std::uint64_t units) {
  ++count_;
  add_units(units);
  const auto mass = static_cast<double>(units);
  units_sq_.add(mass * mass);
  for (std::size_t k = 0; k < metrics_.size(); ++k) {
    MetricAccumulator& m = metrics_[k];
    const double v = out[k] + 0.0;  // -0 -> +0, as on devices (kernels/chunk_sink.hh)
    m.sum.add(mass * v);  // the same products as kernels/chunk_sink.hh, so backends agree bit for bit
    m.sum_sq.add(mass * v * v);
    m.positive += v > 0.0 ? units : 0;
    m.min = std::min(m.min, v);
    m.max = std::max(m.max, v);
    const std::int32_t bin = is_whole(shape_.kinds[k]) ? WholeBins::bin(v, shape_.weeks) : LogBins::bin(v);
    m.bins[static_cast<std::size_t>(bin)] += units;
    m.touched.add(bin);
    if (offer_floor_.empty() || TopK::outranks(v, scenario, offer_floor_[k])) m.top.offer(v, scenario, units, nullptr);
  }
  const MetricLayout& lay = shape_.layout;
  for (std::int32_t s = 0; s < lay.n_sectors; ++s) payload_[static_cast<std::size_t>(s)] = out[lay.sector_loss(s)];
  for (std::int32_t e = 0; e < lay.n_events; ++e) {
    payload_[static_cast<std::size_t>(lay.n_sectors + e)] = out[lay.event_starts(e)];
  }
  if (offer_floor_.empty() || TopK::outranks(out[MetricLayout::loss_total], scenario, offer_floor_.back())) {
    tail_.offer(out[MetricLayout::loss_total], scenario, units, payload_.data());
  }
  if (++adds_since_normalise_ == adds_before_normalise_) normalise_sums();
}

void StudyAccumulator::normalise_sums() {
  for (MetricAccumulator& m : metrics_) {
    m.sum.normalise();
    m.sum_sq.normalise();
  }
  units_sq_.normalise();
  adds_since_normalise_ = 0;
}

void StudyAccumulator::merge_totals(const StudyAccumulator& other) {
  count_ += other.count_;
  add_units(other.units_);
  units_sq_.merge(other.units_sq_);
}

void StudyAccumulator::merge_metric(std::size_t k, const StudyAccumulator& other) {
  MetricAccumulator& m = metrics_[k];
  const MetricAccumulator& o = other.metrics_[k];
  m.sum.merge(o.sum);
  m.sum_sq.merge(o.sum_sq);
  m.positive += o.positive;
  m.min = std::min(m.min, o.min);
  m.max = std::max(m.max, o.max);
  for (std::int32_t b = o.touched.lo; b <= o.touched.hi; ++b) {
    m.bins[static_cast<std::size_t>(b)] += o.bins[static_cast<std::size_t>(b)];
  }
  m.touched.add(o.touched);
  m.top.merge(o.top);
}

void StudyAccumulator::merge_fan_and_tail(const StudyAccumulator& other) {
  for (std::int32_t i = other.fan_touched_.lo; i <= other.fan_touched_.hi; ++i) {
    fan_[static_cast<std::size_t>(i)] += other.fan_[static_cast<std::size_t>(i)];
  }
  fan_touched_.add(other.fan_touched_);
  tail_.merge(other.tail_);
}

void StudyAccumulator::merge(const StudyAccumulator& other) {
  merge_totals(other);
  for (std::size_t k = 0; k < metrics_.size(); ++k) merge_metric(k, other);
  merge_fan_and_tail(other);
  // Each side had fewer than 2^30 unnormalised additions, so the limb sums
  // cannot overflow; normalising now restores the full headroom.
  normalise_sums();
}

void StudyAccumulator::merge_and_clear(std::span<StudyAccumulator> others, int threads) {
  for (const StudyAccumulator& other : others) merge_totals(other);
  // Parts 0 .. n-1 are the outputs, part n the fan chart and the tail list.
  const auto parts = static_cast<std::int64_t>(metrics_.size() + 1);
#pragma omp parallel for num_threads(threads) schedule(dynamic)
  for (std::int64_t part = 0; part < parts; ++part) {
    const auto k = static_cast<std::size_t>(part);
    for (StudyAccumulator& other : others) {
      if (k < metrics_.size()) {
        merge_metric(k, other);
        // After each merge: several sides may each hold 2^30 unnormalised additions.
        metrics_[k].sum.normalise();
        metrics_[k].sum_sq.normalise();
        other.clear_metric(k);
      } else {
        merge_fan_and_tail(other);
        other.clear_fan_and_tail();
      }
    }
  }
  units_sq_.normalise();
  adds_since_normalise_ = 0;
  for (StudyAccumulator& other : others) other.clear_totals();
}

void StudyAccumulator::merge_chunk(const ChunkView& chunk, std::uint64_t scenarios) {
  count_ += scenarios;
  // Every scenario added its units to one bin of each output: the total is
  // the sum over loss_total's bins.
  std::uint64_t units = 0;
  for (std::int32_t b = chunk.bin_offset[0]; b < chunk.bin_offset[1]; ++b) units += chunk.bins[b];
  add_units(units);
  for (int l = 0; l < ExactSum::kLimbs; ++l) units_sq_.limb[l] += chunk.units_sq[l];
  const std::size_t capacity = chunk.candidate_capacity;
  const std::size_t width = shape_.tail_width();
  for (std::size_t k = 0; k < metrics_.size(); ++k) {
    MetricAccumulator& m = metrics_[k];
    for (int l = 0; l < ExactSum::kLimbs; ++l) {
      m.sum.limb[l] += chunk.sum[k * ExactSum::kLimbs + static_cast<std::size_t>(l)];
      m.sum_sq.limb[l] += chunk.sum_sq[k * ExactSum::kLimbs + static_cast<std::size_t>(l)];
    }
    m.positive += chunk.positive[k];
    if (scenarios > 0) {
      m.min = std::min(m.min, double_from_bits(chunk.min_bits[k]));
      m.max = std::max(m.max, double_from_bits(chunk.max_bits[k]));
    }
    const std::uint64_t* bins = chunk.bins + chunk.bin_offset[k];
    for (std::size_t b = 0; b < m.bins.size(); ++b) {
      if (bins[b] == 0) continue;
      m.bins[b] += bins[b];
      m.touched.add(static_cast<std::int32_t>(b));
    }
    const std::size_t candidates = chunk.candidate_count[k];
    if (candidates > capacity) throw std::logic_error("device candidate list overflowed");
    for (std::size_t i = 0; i < candidates; ++i) {
      const std::size_t at = k * capacity + i;
      m.top.offer(chunk.candidate_value[at], chunk.candidate_scenario[at], chunk.candidate_units[at], nullptr);
      if (k == MetricLayout::loss_total) {
        tail_.offer(chunk.candidate_value[at], chunk.candidate_scenario[at], chunk.candidate_units[at],
                    chunk.tail_payload + i * width);
      }
    }
  }
  for (std::size_t i = 0; i < fan_.size(); ++i) {
    if (chunk.fan[i] == 0) continue;
    fan_[i] += chunk.fan[i];
    fan_touched_.add(static_cast<std::int32_t>(i));
  }
  normalise_sums();  // a chunk holds fewer than 2^30 scenarios: no limb can overflow
}

ChunkShape AccumulatorShape::chunk_shape(std::uint32_t capacity) const {
  ChunkShape shape;
  shape.n_metrics = static_cast<std::int32_t>(kinds.size());
  shape.layout = layout;
  shape.weeks = weeks;
  shape.candidate_capacity = capacity;
  for (const MetricKind kind : kinds) shape.whole.push_back(is_whole(kind) ? 1 : 0);
  return shape;
}

std::vector<double> StudyAccumulator::candidate_thresholds() const {
  std::vector<double> out;
  out.reserve(metrics_.size());
  for (const MetricAccumulator& m : metrics_) out.push_back(m.top.entry_threshold());
  return out;
}

std::vector<TopK::Entry> StudyAccumulator::offer_floors() const {
  std::vector<TopK::Entry> out;
  out.reserve(metrics_.size() + 1);
  for (const MetricAccumulator& m : metrics_) out.push_back(m.top.entry_floor());
  out.push_back(tail_.entry_floor());
  return out;
}

void StudyAccumulator::clear_totals() {
  count_ = 0;
  units_ = 0;
  units_sq_ = ExactSum{};
  adds_since_normalise_ = 0;
}

void StudyAccumulator::clear_metric(std::size_t k) {
  MetricAccumulator& m = metrics_[k];
  m.sum = ExactSum{};
  m.sum_sq = ExactSum{};
  m.positive = 0;
  m.min = HUGE_VAL;
  m.max = -HUGE_VAL;
  for (std::int32_t b = m.touched.lo; b <= m.touched.hi; ++b) m.bins[static_cast<std::size_t>(b)] = 0;
  m.touched = TouchedRange{};
  m.top.clear();
}

void StudyAccumulator::clear_fan_and_tail() {
  for (std::int32_t i = fan_touched_.lo; i <= fan_touched_.hi; ++i) fan_[static_cast<std::size_t>(i)] = 0;
  fan_touched_ = TouchedRange{};
  tail_.clear();
}

void StudyAccumulator::clear() {
  clear_totals();
  for (std::size_t k = 0; k < metrics_.size(); ++k) clear_metric(k);
  clear_fan_and_tail();
}

}  // namespace chokepoint

namespace chokepoint {

namespace {

void write_sparse(ByteWriter& out, const std::vector<std::uint64_t>& counts) {
  std::uint64_t nonzero = 0;
  for (const std::uint64_t c : counts) nonzero += c != 0 ? 1 : 0;
  out.u64(nonzero);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    out.u64(i);
    out.u64(counts[i]);
  }
}

void read_sparse(ByteReader& in, std::vector<std::uint64_t>& counts) {
  std::fill(counts.begin(), counts.end(), 0);
  const std::uint64_t nonzero = in.count(16);
  for (std::uint64_t k = 0; k < nonzero; ++k) {
    const std::uint64_t i = in.u64();
    if (i >= counts.size()) throw ByteStreamError("histogram bin out of range");
    counts[i] = in.u64();
  }
}

}  // namespace

void StudyAccumulator::write(ByteWriter& out) const {
  out.u64(count_);
  out.u64(units_);
  for (const std::int64_t limb : units_sq_.limb) out.i64(limb);
  out.u64(metrics_.size());
  for (const MetricAccumulator& m : metrics_) {
    for (const std::int64_t limb : m.sum.limb) out.i64(limb);
    for (const std::int64_t limb : m.sum_sq.limb) out.i64(limb);
    out.u64(m.positive);
    out.f64(m.min);
    out.f64(m.max);
    write_sparse(out, m.bins);
    m.top.write(out);
  }
  write_sparse(out, fan_);
  tail_.write(out);
}

void StudyAccumulator::read(ByteReader& in) {
  clear();
  count_ = in.u64();
  // No study is larger; statistics over a forged larger count are
  // meaningless (found by fuzz_state_file: a count far past 2^53 sent the
  // binomial ranks of the quantile intervals into a search that did not end).
  if (count_ > kMaxScenarios) {
    throw ByteStreamError(std::to_string(count_) + " scenarios, more than any study has (2^48)");
  }
  units_ = in.u64();
  for (std::int64_t& limb : units_sq_.limb) limb = in.i64();
  if (in.u64() != metrics_.size()) throw ByteStreamError("number of outputs differs from the model's");
  for (MetricAccumulator& m : metrics_) {
    for (std::int64_t& limb : m.sum.limb) limb = in.i64();
    for (std::int64_t& limb : m.sum_sq.limb) limb = in.i64();
    m.positive = in.u64();
    m.min = in.f64();
    m.max = in.f64();
    read_sparse(in, m.bins);
    m.touched = TouchedRange{0, static_cast<std::int32_t>(m.bins.size()) - 1};
    m.top.read(in);
    // Every scenario put its units in one bin of each output and, if its
    // value was positive, among the positive ones.
    std::uint64_t mass = 0;
    for (const std::uint64_t c : m.bins) {
      if (__builtin_add_overflow(mass, c, &mass)) throw ByteStreamError("a histogram's counts overflow");
    }
    if (mass != units_ || m.positive > units_) throw ByteStreamError("a histogram does not hold the study's mass");
  }
  read_sparse(in, fan_);
  fan_touched_ = TouchedRange{0, static_cast<std::int32_t>(fan_.size()) - 1};
  tail_.read(in);
}

}  // namespace chokepoint
