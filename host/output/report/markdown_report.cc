#include "markdown_report.hh"

#include <fmt/format.h>

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

std::string headline_table(const StudyResults& s) {
  std::string out =
      "| loss | expected loss | VaR 95% | CVaR 95% | VaR 99% | CVaR 99% | P(loss > 0) |\n"
      "|---|--:|--:|--:|--:|--:|--:|\n";
  for (const std::string& name : s.headline_metrics()) {
    const MetricResult* m = s.metric(name);
    if (m == nullptr) continue;
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", cell(headline_label(name)),
                       with_ci(m->mean, m->mean_ci), estimate(m->var_at(0.95)), estimate(m->cvar_at(0.95)),
                       estimate(m->var_at(0.99)), estimate(m->cvar_at(0.99)), format_percent(m->p_positive));
  }
  return out;
}

std::string variants_table(const ModelGroup& g) {
  const ComparisonResults& c = *g.comparison;
  std::string out = fmt::format(
      "\nAgainst the baseline (total loss; difference = variant − baseline, {:g}% CI{}):\n\n"
      "| variant | expected loss | CVaR 99% | Δ expected loss | Δ CVaR 99% | cost rank |\n"
      "|---|--:|--:|--:|--:|--:|\n",
      c.confidence * 100.0, c.paired ? "" : ", runs treated as independent");
  for (const VariantComparison& v : c.variants) {
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

}  // namespace

std::string markdown_report(const std::vector<ModelGroup>& groups) {
  std::string out;
  for (const ModelGroup& g : groups) {
    const StudyResults& p = g.baseline() != nullptr ? *g.baseline() : g.studies.front();
    out += fmt::format("### {}: {}\n\n{} scenarios, seed {}; losses in {} over {} weeks.{}\n\n", cell(g.model),
                       cell(p.variant_name()), format_count(p.scenarios), p.seed,
                       cell(p.value_unit.empty() ? "value units" : p.value_unit), p.horizon_weeks,
                       cell(p.sampling_note()));
    out += headline_table(p);
    if (g.comparison && !g.comparison->variants.empty()) out += variants_table(g);
    out += "\n";
  }
  return out;
}

}  // namespace chokepoint::report
