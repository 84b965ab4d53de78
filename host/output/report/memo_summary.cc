#include "memo_summary.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "number_format.hh"
#include "return_levels.hh"

namespace chokepoint::report {

namespace {

/// Return periods of the summary, in years; the rarer only where resolved.
constexpr double kCommonPeriod = 100.0;
constexpr double kRarePeriod = 1000.0;
/// Sectors named as carrying the tail: the largest shares up to this much of it.
constexpr double kTailShareNamed = 0.8;
constexpr std::size_t kMostNamed = 3;

/// "FILE#POINTER", or "" when the number has no place in a file.
std::string source_of(const std::string& file, const std::string& pointer) {
  return pointer.empty() ? "" : file + "#" + pointer;
}

bool excludes_zero(const std::optional<Interval>& ci) { return ci && (ci->hi < 0.0 || ci->lo > 0.0); }

/// Builds one sentence from text and numbers.
class SentenceWriter {
 public:
  SentenceWriter(std::string section, std::string title) {
    sentence_.section = std::move(section);
    sentence_.section_title = std::move(title);
  }
  SentenceWriter& text(std::string t) {
    sentence_.parts.push_back(SummaryPart{std::move(t), false, kNotANumber, ""});
    return *this;
  }
  SentenceWriter& amount(double value, std::string source) {
    return number(format_amount(value), value, std::move(source));
  }
  SentenceWriter& percent(double value, std::string source) {
    return number(format_percent(value), value, std::move(source));
  }
  /// " (95% CI lo – hi)", or " (CI n/a)"; `source` is the interval's "FILE#POINTER" or "".
  SentenceWriter& interval(const std::optional<Interval>& ci, double confidence, const std::string& source,
                           std::string_view kind = "CI") {
    return bounds(ci, confidence, source, format_amount, kind);
  }
  /// The same for an interval of probabilities.
  SentenceWriter& interval_percent(const std::optional<Interval>& ci, const std::string& source) {
    return bounds(ci, 0.95, source, format_percent, "CI");
  }
  SummarySentence done() { return std::move(sentence_); }

 private:
  SentenceWriter& bounds(const std::optional<Interval>& ci, double confidence, const std::string& source,
                         std::string (*format)(double), std::string_view kind) {
    if (!ci) return text(" (CI n/a)");
    text(fmt::format(" ({:g}% {} ", confidence * 100.0, kind));
    number(format(ci->lo), ci->lo, source.empty() ? "" : source + "/0");
    text(" – ");
    number(format(ci->hi), ci->hi, source.empty() ? "" : source + "/1");
    return text(")");
  }
  SentenceWriter& number(std::string shown, double value, std::string source) {
    sentence_.parts.push_back(SummaryPart{std::move(shown), true, value, std::move(source)});
    return *this;
  }
  SummarySentence sentence_;
};

std::string results_file(const StudyResults& s) { return s.folder + "/results.json"; }

std::string unit_after(const std::string& unit) { return unit.empty() ? "" : " " + unit; }

/// "a", "a and b", "a, b and c".
template <typename Write>
void write_list(SentenceWriter& w, std::size_t n, Write write_item) {
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) w.text(i + 1 == n ? " and " : ", ");
    write_item(i);
  }
}

void expected_loss(std::vector<SummarySentence>& out, const StudyResults& p, const MetricResult& total) {
  const std::string file = results_file(p);
  SentenceWriter w("headline", "Headline");
  w.text(fmt::format("Expected loss over the {}-week horizon ({}): ", p.horizon_weeks, p.variant_name()));
  w.amount(total.mean, source_of(file, total.pointer + "/mean")).text(unit_after(p.value_unit));
  w.interval(total.mean_ci, p.ci_confidence, source_of(file, total.mean_ci ? total.pointer + "/mean_ci" : ""));
  w.text("; ").percent(total.p_positive, source_of(file, total.pointer + "/p_positive"));
  w.text(" of scenarios lose anything.");
  out.push_back(w.done());
}

void write_return_level(SentenceWriter& w, const StudyResults& p, const ReturnLevel& r) {
  const std::string file = results_file(p);
  w.amount(r.value, source_of(file, r.pointer.empty() ? "" : r.pointer + "/value"));
  w.interval(r.ci, p.ci_confidence, source_of(file, r.pointer.empty() ? "" : r.pointer + "/ci"));
}

void return_levels(std::vector<SummarySentence>& out, const StudyResults& p, const MetricResult& total) {
  const bool weighted = !p.importance.empty();
  const ReturnLevel common = return_level(total, kCommonPeriod, p.horizon_weeks, weighted);
  const ReturnLevel rare = return_level(total, kRarePeriod, p.horizon_weeks, weighted);
  SentenceWriter w("distribution", "Loss distribution");
  if (!std::isfinite(common.value)) {
    w.text(fmt::format("The 1-in-100-year loss is rarer than the {} scenarios resolve.", format_count(total.count)));
    out.push_back(w.done());
    return;
  }
  w.text("The 1-in-100-year loss (exceeded with probability ");
  w.percent(common.p_exceed, "").text(" over the horizon) is ");
  write_return_level(w, p, common);
  if (rare.resolved()) {
    w.text("; the 1-in-1000-year loss is ");
    write_return_level(w, p, rare);
    w.text(".");
  } else {
    w.text(fmt::format("; the 1-in-1000-year loss is rarer than the {} scenarios resolve.", format_count(total.count)));
  }
  if (weighted) w.text(" Importance-sampled studies have no distribution-free interval for these.");
  out.push_back(w.done());
}

void tail_carriers(std::vector<SummarySentence>& out, const StudyResults& p) {
  const TailResult& tail = p.tail;
  double total = 0.0;
  for (const auto& [sector, loss] : tail.sector_mean_loss) total += loss;
  if (!(total > 0.0)) return;
  NamedValues shares;
  for (const auto& [sector, loss] : tail.sector_mean_loss) shares.emplace_back(sector, loss / total);
  std::stable_sort(shares.begin(), shares.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::size_t named = 0;
  double covered = 0.0;
  while (named < shares.size() && named < kMostNamed && covered < kTailShareNamed) covered += shares[named++].second;
  NamedValues lifts;
  for (const auto& [event, lift] : tail.event_lift) {
    if (std::isfinite(lift) && lift > 1.0) lifts.emplace_back(event, lift);
  }
  std::stable_sort(lifts.begin(), lifts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  lifts.resize(std::min(lifts.size(), kMostNamed));

  const std::string file = results_file(p);
  SentenceWriter w("tail", "Tail attribution");
  w.text(fmt::format("In the worst {:g}% of scenarios ({}), ", (1.0 - tail.alpha) * 100.0, format_count(tail.scenarios)));
  if (named == 1) {
    w.text(shares[0].first + " carries ").percent(shares[0].second, "").text(" of the loss");
  } else {
    write_list(w, named, [&](std::size_t i) { w.text(shares[i].first + " (").percent(shares[i].second, "").text(")"); });
    w.text(" carry the loss");
  }
  if (lifts.empty()) {
    w.text("; no event starts there more often than overall.");
  } else {
    w.text("; the events that start there most often, as a multiple of their overall rate, are ");
    write_list(w, lifts.size(), [&](std::size_t i) {
      w.text(lifts[i].first + " (").amount(lifts[i].second, source_of(file, "/tail/event_lift/" + lifts[i].first));
      w.text("×)");
    });
    w.text(".");
  }
  w.text(" Shares and lifts are point estimates from those scenarios.");
  out.push_back(w.done());
}

const PolicyRobustness* robustness_of(const ModelGroup& g, const std::string& policy) {
  if (!g.uncertainty) return nullptr;
  for (const PolicyRobustness& r : g.uncertainty->policies) {
    if (r.id == policy) return &r;
  }
  return nullptr;
}

void best_policies(std::vector<SummarySentence>& out, const ModelGroup& g, const StudyResults& p) {
  if (!g.comparison) return;
  const ComparisonResults& c = *g.comparison;
  std::vector<const VariantComparison*> ranked;
  for (const VariantComparison& v : c.variants) {
    if (v.kind == "policy" && v.cost_effectiveness && v.difference("loss_total") != nullptr) ranked.push_back(&v);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const VariantComparison* a, const VariantComparison* b) {
    return a->cost_effectiveness->rank < b->cost_effectiveness->rank;
  });
  ranked.resize(std::min(ranked.size(), kMostNamed));
  const std::string file = c.folder.empty() ? "" : c.folder + "/comparison.json";
  const double horizon_years = static_cast<double>(p.horizon_weeks) / 52.0;
  for (const VariantComparison* v : ranked) {
    const MetricDifference& d = *v->difference("loss_total");
    const std::string diff = d.pointer.empty() ? "" : d.pointer + "/mean_difference";
    SentenceWriter w("policies", "Policies");
    w.text(fmt::format("Policy {}, ranked {} by expected-loss reduction per unit of cost, ", v->id,
                       v->cost_effectiveness->rank));
    if (excludes_zero(d.mean_difference_ci) && d.mean_difference < 0.0) {
      w.text("reduces expected loss: change ");
    } else if (excludes_zero(d.mean_difference_ci)) {
      w.text("raises expected loss: change ");
    } else {
      w.text("shows no reduction beyond the noise: change ");
    }
    w.amount(d.mean_difference, file.empty() || diff.empty() ? "" : source_of(file, diff + "/value"));
    w.interval(d.mean_difference_ci, c.confidence, file.empty() || diff.empty() ? "" : source_of(file, diff + "/ci"),
               c.paired ? "paired CI" : "CI, runs treated as independent,");
    w.text(", for a cost of ");
    w.amount(v->annual_cost ? *v->annual_cost * horizon_years : kNotANumber, "");
    w.text(" over the horizon.");
    if (const PolicyRobustness* r = robustness_of(g, v->id); r != nullptr) {
      const std::string u_file = g.uncertainty->folder + "/uncertainty.json";
      w.text(" Its probability of being the best policy across the uncertain assumptions: ");
      w.percent(r->p_best.value, source_of(u_file, r->p_best.pointer));
      w.interval_percent(r->p_best.ci, source_of(u_file, r->p_best.ci_pointer));
      w.text(".");
    }
    out.push_back(w.done());
  }
}

void worst_stress_test(std::vector<SummarySentence>& out, const ModelGroup& g) {
  const StudyResults* worst = nullptr;
  const MetricResult* worst_total = nullptr;
  for (const StudyResults* s : g.stress_tests()) {
    const MetricResult* total = s->metric("loss_total");
    if (total != nullptr && (worst_total == nullptr || total->mean > worst_total->mean)) {
      worst = s;
      worst_total = total;
    }
  }
  if (worst == nullptr) return;
  const VariantComparison* v = nullptr;
  if (g.comparison) {
    for (const VariantComparison& candidate : g.comparison->variants) {
      if (candidate.kind == "stress_test" && candidate.id == worst->stress_test) v = &candidate;
    }
  }
  const std::string file = results_file(*worst);
  SentenceWriter w("stress", "Stress tests");
  w.text(fmt::format("The worst stress test is {}: expected loss ", worst->stress_test));
  w.amount(worst_total->mean, source_of(file, worst_total->pointer + "/mean"));
  w.interval(worst_total->mean_ci, worst->ci_confidence,
             source_of(file, worst_total->mean_ci ? worst_total->pointer + "/mean_ci" : ""));
  const MetricDifference* d = v != nullptr ? v->difference("loss_total") : nullptr;
  if (d != nullptr) {
    const ComparisonResults& c = *g.comparison;
    const std::string c_file = c.folder.empty() ? "" : c.folder + "/comparison.json";
    const std::string diff = c_file.empty() || d->pointer.empty() ? "" : d->pointer + "/mean_difference";
    w.text(excludes_zero(d->mean_difference_ci) ? ", a change from the baseline of "
                                                 : ", a change from the baseline that includes zero: ");
    w.amount(d->mean_difference, source_of(c_file, diff.empty() ? "" : diff + "/value"));
    w.interval(d->mean_difference_ci, c.confidence, source_of(c_file, diff.empty() ? "" : diff + "/ci"));
  }
  w.text(".");
  out.push_back(w.done());
}

void epistemic_band(std::vector<SummarySentence>& out, const UncertaintyResults& u) {
  const std::string file = u.folder + "/uncertainty.json";
  if (u.epistemic) {
    const EpistemicBand& b = *u.epistemic;
    SentenceWriter w("uncertainty", "Uncertain assumptions");
    w.text(fmt::format("Across the uncertain assumptions, the {} of {} spans P5 ", u.statistic, u.metric));
    w.amount(b.p5, source_of(file, b.pointer + "/p5")).text(" to P95 ");
    w.amount(b.p95, source_of(file, b.pointer + "/p95")).text(" (median ");
    w.amount(b.p50, source_of(file, b.pointer + "/p50"));
    w.text("): an epistemic band over the assumptions' draws, not a confidence interval.");
    if (u.base) {
      w.text(" At the model's own values it is ");
      w.amount(u.base->value, source_of(file, u.base->pointer));
      w.interval(u.base->ci, 0.95, source_of(file, u.base->ci_pointer));
      w.text(".");
    }
    out.push_back(w.done());
  }
  const std::vector<const UncertainFactor*> factors = u.by_swing();
  if (!factors.empty() && std::isfinite(factors.front()->swing())) {
    const UncertainFactor& f = *factors.front();
    SentenceWriter w("uncertainty", "Uncertain assumptions");
    const EstimateWithInterval& lo = f.tornado_low->difference;
    const EstimateWithInterval& hi = f.tornado_high->difference;
    if (excludes_zero(lo.ci) || excludes_zero(hi.ci)) {
      w.text(fmt::format("The assumption that moves it most is {}: a change of ", f.label.empty() ? f.id : f.label));
    } else {
      w.text(fmt::format("No single assumption moves it beyond the noise; the widest tornado bar, {}, changes it by ",
                         f.label.empty() ? f.id : f.label));
    }
    w.amount(lo.value, source_of(file, lo.pointer)).interval(lo.ci, 0.95, source_of(file, lo.ci_pointer));
    w.text(" at its low end and ");
    w.amount(hi.value, source_of(file, hi.pointer)).interval(hi.ci, 0.95, source_of(file, hi.ci_pointer));
    w.text(" at its high end.");
    out.push_back(w.done());
  }
}

}  // namespace

std::string SummarySentence::text() const {
  std::string out;
  for (const SummaryPart& p : parts) out += p.text;
  return out;
}

std::vector<SummarySentence> memo_summary(const ModelGroup& group) {
  std::vector<SummarySentence> out;
  const StudyResults& p = group.baseline() != nullptr ? *group.baseline() : group.studies.front();
  if (const MetricResult* total = p.metric("loss_total"); total != nullptr) {
    expected_loss(out, p, *total);
    return_levels(out, p, *total);
  }
  tail_carriers(out, p);
  best_policies(out, group, p);
  worst_stress_test(out, group);
  if (group.uncertainty) epistemic_band(out, *group.uncertainty);
  return out;
}

}  // namespace chokepoint::report
