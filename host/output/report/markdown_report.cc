#include "markdown_report.hh"

#include <fmt/format.h>

#include "memo_summary.hh"
#include "number_format.hh"

namespace chokepoint::report {

namespace {

/// Table cells may not hold "|" or line breaks.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string with_ci(double value, const std::optional<Interval>& ci) {
  if (!ci) return format_amount(value) + " (CI n/a)";
  return fmt::format("{} ({} – {})", format_amount(value), format_amount(ci->lo), format_amount(ci->hi));
}

std::string estimate(const LevelEstimate* e) { return e != nullptr ? with_ci(e->value, e->ci) : "n/a"; }

std::string estimate_row(const std::string& label, const MetricResult& m) {
  return fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", cell(label), with_ci(m.mean, m.mean_ci),
                     estimate(m.var_at(0.95)), estimate(m.cvar_at(0.95)), estimate(m.var_at(0.99)),
                     estimate(m.cvar_at(0.99)), format_percent(m.p_positive));
}

/// The total loss; the sectors fold open beneath it (<details> renders so in
/// GitHub, GitLab and most chat tools).
std::string headline_table(const StudyResults& s) {
  constexpr const char* kHeading =
      "| loss | expected loss | VaR 95% | CVaR 95% | VaR 99% | CVaR 99% | P(loss > 0) |\n"
      "|---|--:|--:|--:|--:|--:|--:|\n";
  std::string out = kHeading;
  std::string sectors;
  for (const std::string& name : s.headline_metrics()) {
    const MetricResult* m = s.metric(name);
    if (m == nullptr) continue;
    (name == "loss_total" ? out : sectors) += estimate_row(headline_label(name), *m);
  }
  if (!sectors.empty()) out += "\n<details><summary>Per sector</summary>\n\n" + (kHeading + sectors) + "\n</details>\n";
  return out;
}

std::string variants_table(const ModelGroup& g) {
  const ComparisonResults& c = *g.comparison;
  std::string out = fmt::format(
      "\nAgainst the baseline (total loss; difference = variant − baseline, {:g}% CI{}):\n\n"
      "| variant | expected loss | CVaR 99% | Δ expected loss | Δ CVaR 99% | cost rank |\n"
      "|---|--:|--:|--:|--:|--:|\n",
      c.confidence * 100.0, c.paired ? "" : ", runs treated as independent");
  std::vector<const VariantComparison*> variants = g.ranked_variants("stress_test");
  const std::vector<const VariantComparison*> policies = g.ranked_variants("policy");
  variants.insert(variants.end(), policies.begin(), policies.end());
  for (const VariantComparison* variant : variants) {
    const VariantComparison& v = *variant;
    const MetricDifference* d = v.difference("loss_total");
    if (d == nullptr) continue;
    out += fmt::format("| {} {} | {} | {} | {} | {} | {} |\n", v.kind == "policy" ? "policy" : "stress test",
                       cell(v.id), format_amount(d->variant_mean), format_amount(d->variant_cvar99),
                       with_ci(d->mean_difference, d->mean_difference_ci),
                       with_ci(d->cvar99_difference, d->cvar99_difference_ci),
                       v.cost_effectiveness ? std::to_string(v.cost_effectiveness->rank) : "–");
  }
  return out;
}

std::string summary_list(const ModelGroup& g) {
  std::string out;
  for (const SummarySentence& s : memo_summary(g)) out += "- " + cell(s.text()) + " (" + s.section_title + ")\n";
  return out.empty() ? out : out + "\n";
}

std::string optional_ci(const std::optional<EstimateWithInterval>& e) {
  return e ? with_ci(e->value, e->ci) : "n/a";
}

/// The uncertainty study in three tables; the epistemic band is said to be one.
std::string uncertainty_tables(const UncertaintyResults& u) {
  std::string out = fmt::format("\nUncertain assumptions ({} of {}; intervals are 95% confidence intervals, the band "
                                "is the spread across assumption draws):\n\n",
                                cell(u.statistic), cell(u.metric));
  if (u.epistemic) {
    out += fmt::format("Epistemic band: P5 {}, median {}, P95 {} (mean {}).", format_amount(u.epistemic->p5),
                       format_amount(u.epistemic->p50), format_amount(u.epistemic->p95),
                       format_amount(u.epistemic->mean));
    if (u.base) out += " Base case: " + with_ci(u.base->value, u.base->ci) + ".";
    out += "\n\n";
  }
  if (u.has_tornado()) {
    out += "| assumption | Δ at low end | Δ at high end |\n|---|--:|--:|\n";
    const auto end = [](const std::optional<TornadoEnd>& e) {
      return e ? with_ci(e->difference.value, e->difference.ci) : std::string("n/a");
    };
    for (const UncertainFactor* f : u.by_swing()) {
      out += fmt::format("| {} | {} | {} |\n", cell(f->label.empty() ? f->id : f->label), end(f->tornado_low),
                         end(f->tornado_high));
    }
    out += "\n";
  }
  if (u.has_indices()) {
    out += "| assumption | S1 | ST |\n|---|--:|--:|\n";
    for (const UncertainFactor& f : u.factors) {
      out += fmt::format("| {} | {} | {} |\n", cell(f.label.empty() ? f.id : f.label), optional_ci(f.first_order),
                         optional_ci(f.total));
    }
    out += "\n";
  }
  if (!u.policies.empty()) {
    out += "| policy | P(best) | mean net benefit | mean regret | P90 regret |\n|---|--:|--:|--:|--:|\n";
    for (const PolicyRobustness& p : u.policies) {
      const std::string p_best =
          p.p_best.ci ? fmt::format("{} ({} – {})", format_percent(p.p_best.value), format_percent(p.p_best.ci->lo),
                                    format_percent(p.p_best.ci->hi))
                      : format_percent(p.p_best.value) + " (CI n/a)";
      out += fmt::format("| {} | {} | {} | {} | {} |\n", cell(p.id), p_best, format_amount(p.mean_net_benefit),
                         format_amount(p.mean_regret), format_amount(p.p90_regret));
    }
    if (u.evpi) out += fmt::format("\nExpected value of perfect information: {}.\n", format_amount(*u.evpi));
  }
  return out;
}

}  // namespace

std::string markdown_report(const std::vector<ModelGroup>& groups) {
  std::string out;
  for (const ModelGroup& g : groups) {
    const StudyResults& p = g.baseline() != nullptr ? *g.baseline() : g.studies.front();
    out += fmt::format("### {}: {}\n\n{} scenarios, seed {}; losses in {} over {} weeks.{}\n\n", cell(g.model),
                       cell(p.variant_name()), format_count(p.scenarios), p.seed,
                       cell(p.value_unit.empty() ? "value units" : p.value_unit), p.horizon_weeks,
                       cell(p.sampling_note()));
    out += summary_list(g);
    out += headline_table(p);
    if (g.comparison && !g.comparison->variants.empty()) out += variants_table(g);
    if (g.uncertainty) out += uncertainty_tables(*g.uncertainty);
    out += "\n";
  }
  return out;
}

}  // namespace chokepoint::report
