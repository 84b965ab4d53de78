// Sections that set policies and stress tests against the baseline.
#include <fmt/format.h>

#include "html_sections.hh"
#include "html_table.hh"
#include "number_format.hh"

namespace chokepoint::report {

namespace {

const VariantComparison* find_variant(const ComparisonResults& c, std::string_view kind, const std::string& id) {
  for (const VariantComparison& v : c.variants) {
    if (v.kind == kind && v.id == id) return &v;
  }
  return nullptr;
}

std::string interval_explanation(const ComparisonResults& c) {
  std::string text = fmt::format(
      "Differences are the variant minus the baseline (negative: less loss), with {:g}% confidence intervals",
      c.confidence * 100.0);
  if (c.paired) return text + " from one paired run (the same scenarios for every variant).";
  return text +
         ". These come from separately run folders and treat the runs as independent; runs with the same "
         "seed share their random draws, so the true intervals are narrower. `chokepoint compare` gives "
         "paired intervals.";
}

}  // namespace

Section policy_section(const SectionContext& c) {
  Section section{c.anchor + "-policies", "Policies", ""};
  const std::vector<const VariantComparison*> ranked = c.group.ranked_variants("policy");
  if (ranked.empty()) return section;
  const ComparisonResults& cmp = *c.group.comparison;
  const std::string unit = unit_suffix(cmp.value_unit);
  std::string html = "<p>" + escape_html(interval_explanation(cmp)) +
                     " Cost-effectiveness: the reduction in loss over the horizon per unit of the policy's cost over "
                     "the horizon (its annual cost times the horizon in years); rank 1 buys the most expected-loss "
                     "reduction per unit of cost." +
                     escape_html(amounts_in(cmp.value_unit)) + "</p>\n";
  html += "<div class=\"charts\">";
  html += c.charts.row_figure(difference_chart(ranked, cmp.confidence, "mean", "change in expected loss" + unit),
                              "Change in expected total loss per policy, by rank, with its confidence interval.",
                              ranked.size());
  html += c.charts.row_figure(difference_chart(ranked, cmp.confidence, "cvar99", "change in CVaR 99%" + unit),
                              "Change in CVaR 99% of the total loss per policy, by rank, with its confidence interval.",
                              ranked.size());
  html += "</div>\n";
  HtmlTable table("policies");
  table.columns({"policy", "description", "annual cost", "Δ expected loss", "Δ CVaR 99%",
                 "expected-loss reduction per cost", "CVaR 99% reduction per cost", "rank"});
  for (const VariantComparison* variant : ranked) {
    const VariantComparison& v = *variant;
    const MetricDifference* d = v.difference("loss_total");
    if (d == nullptr) continue;
    const CostEffectiveness* ce = v.cost_effectiveness ? &*v.cost_effectiveness : nullptr;
    table.row({text_cell(v.id), text_cell(v.label), amount_cell(v.annual_cost ? *v.annual_cost : kNotANumber),
               amount_ci_cell(d->mean_difference, d->mean_difference_ci),
               amount_ci_cell(d->cvar99_difference, d->cvar99_difference_ci),
               amount_cell(ce ? ce->expected_loss_reduction_per_cost : kNotANumber),
               amount_cell(ce ? ce->cvar99_reduction_per_cost : kNotANumber),
               ce ? count_cell(ce->rank) : html_cell("n/a", "")});
  }
  section.html = html + table.html();
  return section;
}

Section stress_section(const SectionContext& c) {
  Section section{c.anchor + "-stress", "Stress tests", ""};
  const std::vector<const StudyResults*> stress = c.group.stress_tests();
  if (stress.empty()) return section;
  const std::vector<std::string> sectors = c.primary.sectors();
  HtmlTable table("stress");
  table.columns(
      {"study", "description", "expected loss", "VaR 99%", "CVaR 99%", "P(loss > 0)", "Δ expected loss vs baseline"});
  std::vector<std::string> sector_headings = {"study"};
  for (const std::string& s : sectors) sector_headings.push_back(s);
  HtmlTable by_sector("stress-sectors");
  by_sector.columns(sector_headings);
  std::vector<const StudyResults*> rows;
  for (const StudyResults* s : c.group.in_reading_order()) {
    if (s->is_baseline() || (!s->stress_test.empty() && s->policy.empty())) rows.push_back(s);
  }
  for (const StudyResults* s : rows) {
    const MetricResult* total = s->metric("loss_total");
    if (total == nullptr) continue;
    const VariantComparison* v =
        c.group.comparison ? find_variant(*c.group.comparison, "stress_test", s->stress_test) : nullptr;
    const MetricDifference* d = v ? v->difference("loss_total") : nullptr;
    const LevelEstimate* var99 = total->var_at(0.99);
    const LevelEstimate* cvar99 = total->cvar_at(0.99);
    std::vector<HtmlCell> row = {text_cell(s->variant_name()),
                                 text_cell(v ? v->label : (s->is_baseline() ? "no forced events" : "")),
                                 amount_ci_cell(total->mean, total->mean_ci),
                                 var99 ? amount_ci_cell(var99->value, var99->ci) : amount_cell(kNotANumber),
                                 cvar99 ? amount_ci_cell(cvar99->value, cvar99->ci) : amount_cell(kNotANumber),
                                 percent_cell(total->p_positive),
                                 d ? amount_ci_cell(d->mean_difference, d->mean_difference_ci) : html_cell("–", "")};
    table.row(std::move(row));
    std::vector<HtmlCell> sector_row = {text_cell(s->variant_name())};
    for (const std::string& sector : sectors) {
      const MetricResult* m = s->metric("loss." + sector);
      sector_row.push_back(amount_cell(m ? m->mean : kNotANumber));
    }
    by_sector.row(std::move(sector_row));
  }
  std::string html =
      "<p>Each stress test forces its events (a blockade from a given week, for a given time) in every scenario; "
      "everything else is drawn as in the baseline. Their exceedance curves are drawn with the baseline's under "
      "<em>Loss distribution</em>, their weekly shortfall beside it under <em>Weekly shortfall</em>." +
      escape_html(amounts_in(c.primary.value_unit)) + "</p>\n";
  if (c.group.comparison) html += "<p>" + escape_html(interval_explanation(*c.group.comparison)) + "</p>\n";
  html += table.html();
  if (sectors.size() > 1) {
    html += "<details class=\"sectors\"><summary>Expected loss per sector</summary>\n" + by_sector.html() +
            "</details>\n";
  }
  section.html = html;
  return section;
}

}  // namespace chokepoint::report
