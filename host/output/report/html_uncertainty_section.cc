// The section on uncertain assumptions (an uncertainty folder's
// uncertainty.json): the epistemic band, over the exceedance curve too, the
// tornado, the variance-based indices and the policies' robustness.
// Confidence intervals (aleatory: Monte Carlo or bootstrap noise) and the
// epistemic band (the spread across assumptions) are never drawn or
// written as one another, and each is labelled as what it is.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "html_sections.hh"
#include "html_table.hh"
#include "number_format.hh"

namespace chokepoint::report {

namespace {

constexpr const char* kEpistemicLabel = "epistemic band (P5–P95 across assumption draws)";

std::string factor_name(const UncertainFactor& f) { return f.label.empty() ? f.id : f.label; }

HtmlCell estimate_cell(const std::optional<EstimateWithInterval>& e) {
  return e ? amount_ci_cell(e->value, e->ci) : html_cell("n/a", "");
}

HtmlCell probability_ci_cell(const EstimateWithInterval& e) {
  const std::string interval =
      e.ci ? fmt::format("{} – {}", format_percent(e.ci->lo), format_percent(e.ci->hi)) : "CI n/a";
  return HtmlCell{fmt::format("{}<span class=\"ci\">{}</span>", escape_html(format_percent(e.value)),
                              escape_html(interval)),
                  exact_number(e.value), true};
}

std::string band_html(const SectionContext& c, const UncertaintyResults& u) {
  std::string html;
  if (u.epistemic) {
    HtmlTable band("epistemic");
    band.columns({"", "mean", "P5", "median", "P95"});
    const EpistemicBand& b = *u.epistemic;
    band.row({text_cell(kEpistemicLabel), amount_cell(b.mean), amount_cell(b.p5), amount_cell(b.p50),
              amount_cell(b.p95)});
    html += band.html();
  }
  if (u.base) {
    html += "<p>At the model's own values (the base case): " + escape_html(format_amount(u.base->value)) +
            (u.base->ci ? escape_html(fmt::format(" (95% confidence interval {} – {}, Monte Carlo noise)",
                                                  format_amount(u.base->ci->lo), format_amount(u.base->ci->hi)))
                        : "") +
            ".</p>\n";
  }
  const MetricResult* total = c.primary.metric(u.metric);
  if (u.epistemic_exceedance && total != nullptr) {
    boost::json::object chart =
        exceedance_chart({{c.primary.variant_name() + " (model's own values)", total}}, total->unit,
                         c.primary.horizon_weeks);
    add_epistemic_band(chart, *u.epistemic_exceedance, kEpistemicLabel);
    html += "<div class=\"charts\">" +
            c.charts.figure(std::move(chart),
                            fmt::format("Exceedance of {} at the model's own values, with the epistemic band: the "
                                        "curves at P5, median and P95 across assumption draws (not a confidence "
                                        "band).",
                                        u.metric)) +
            "</div>\n";
  }
  return html;
}

std::string tornado_html(const SectionContext& c, const UncertaintyResults& u) {
  std::vector<std::string> labels;
  IntervalSeries low{"difference, factor at its low end", "95% confidence interval (paired), low end", {}, {}};
  IntervalSeries high{"difference, factor at its high end", "95% confidence interval (paired), high end", {}, {}};
  HtmlTable table("tornado");
  table.columns({"assumption", "value at low end", "difference at low end", "value at high end",
                 "difference at high end", "swing"});
  for (const UncertainFactor* f : u.by_swing()) {
    if (!f->tornado_low && !f->tornado_high) continue;
    labels.push_back(factor_name(*f));
    for (auto [series, end] : {std::pair{&low, &f->tornado_low}, std::pair{&high, &f->tornado_high}}) {
      series->values.push_back(*end ? (*end)->difference.value : kNotANumber);
      series->intervals.push_back(*end ? (*end)->difference.ci : std::nullopt);
    }
    const auto value = [](const std::optional<TornadoEnd>& e) { return amount_cell(e ? e->value : kNotANumber); };
    const auto difference = [](const std::optional<TornadoEnd>& e) {
      return e ? amount_ci_cell(e->difference.value, e->difference.ci) : html_cell("n/a", "");
    };
    table.row({text_cell(factor_name(*f)), value(f->tornado_low), difference(f->tornado_low),
               value(f->tornado_high), difference(f->tornado_high), amount_cell(f->swing())});
  }
  if (labels.empty()) return "";
  return fmt::format("<h4>One at a time (tornado)</h4>\n<p>Each assumption at its low and at its high end (its 5% "
                     "and 95% quantiles unless the study says otherwise), the others at the model's own values: the "
                     "change in the {} of {}, with its paired 95% confidence interval, widest swing first.</p>\n",
                     escape_html(u.statistic), escape_html(u.metric)) +
         c.charts.row_figure(interval_chart({low, high}, labels, "change from the base case"),
                             "Tornado: change at each end of each assumption.", 2 * labels.size()) +
         table.html();
}

std::string indices_html(const SectionContext& c, const UncertaintyResults& u) {
  if (!u.has_indices()) return "";
  std::vector<std::string> labels;
  IntervalSeries first{"first-order S1", "S1 95% bootstrap interval", {}, {}};
  IntervalSeries total{"total ST", "ST 95% bootstrap interval", {}, {}};
  HtmlTable table("sobol");
  table.columns({"assumption", "first-order S1", "total ST"});
  std::vector<const UncertainFactor*> factors;
  for (const UncertainFactor& f : u.factors) factors.push_back(&f);
  const auto st = [](const UncertainFactor* f) { return f->total ? f->total->value : -1.0; };
  std::stable_sort(factors.begin(), factors.end(),
                   [&](const UncertainFactor* a, const UncertainFactor* b) { return st(a) > st(b); });
  for (const UncertainFactor* f : factors) {
    labels.push_back(factor_name(*f));
    first.values.push_back(f->first_order ? f->first_order->value : kNotANumber);
    first.intervals.push_back(f->first_order ? f->first_order->ci : std::nullopt);
    total.values.push_back(f->total ? f->total->value : kNotANumber);
    total.intervals.push_back(f->total ? f->total->ci : std::nullopt);
    table.row({text_cell(factor_name(*f)), estimate_cell(f->first_order), estimate_cell(f->total)});
  }
  std::string html = fmt::format(
      "<h4>Variance-based indices (Sobol')</h4>\n<p>The share of the variance of the {} of {} across assumption "
      "draws that each assumption explains alone (S1) and with its interactions (ST), corrected for Monte Carlo "
      "noise, with 95% bootstrap intervals over the design's rows, largest ST first.",
      escape_html(u.statistic), escape_html(u.metric));
  if (u.noise_to_signal) {
    html += escape_html(fmt::format(" Noise-to-signal ratio: {} (Monte Carlo variance of a point over the variance "
                                    "across assumptions; the larger, the less the indices can say).",
                                    format_amount(*u.noise_to_signal)));
  }
  html += "</p>\n";
  return html + c.charts.row_figure(interval_chart({first, total}, labels, "share of variance"),
                                    "Sobol' indices S1 and ST with their bootstrap intervals.", 2 * labels.size()) +
         table.html();
}

std::string robustness_html(const UncertaintyResults& u) {
  if (u.policies.empty()) return "";
  std::vector<const PolicyRobustness*> policies;
  for (const PolicyRobustness& p : u.policies) policies.push_back(&p);
  std::stable_sort(policies.begin(), policies.end(), [](const PolicyRobustness* a, const PolicyRobustness* b) {
    return std::isnan(b->p_best.value) ? !std::isnan(a->p_best.value) : a->p_best.value > b->p_best.value;
  });
  HtmlTable table("robustness");
  table.columns({"policy", "P(best)", "mean net benefit", "mean regret", "P90 regret"},
                {"", "share of assumption draws where it has the highest net benefit, with its 95% interval", "",
                 "best net benefit at a draw minus this policy's, averaged over draws", "90th percentile of regret"});
  for (const PolicyRobustness* p : policies) {
    table.row({text_cell(p->id), probability_ci_cell(p->p_best), amount_cell(p->mean_net_benefit),
               amount_cell(p->mean_regret), amount_cell(p->p90_regret)});
  }
  std::string html = fmt::format(
      "<h4>Policy robustness</h4>\n<p>At each of {} assumption draws, the baseline and every policy on the same "
      "scenarios. Net benefit: the reduction in expected loss minus the policy's cost over the horizon; \"do "
      "nothing\" counts with net benefit 0. Highest P(best) first.",
      u.draws ? format_count(*u.draws) : std::string("the"));
  if (u.evpi) {
    html += escape_html(fmt::format(" Expected value of perfect information about the assumptions: {}.",
                                    format_amount(*u.evpi)));
  }
  return html + "</p>\n" + table.html();
}

}  // namespace

Section uncertainty_section(const SectionContext& c) {
  Section section{c.anchor + "-uncertainty", "Uncertain assumptions", ""};
  if (!c.group.uncertainty) return section;
  const UncertaintyResults& u = *c.group.uncertainty;
  std::string html = fmt::format(
      "<p>From <code>{}</code>. Two kinds of uncertainty, kept apart: a <em>confidence interval</em> is the Monte "
      "Carlo noise of an estimate for fixed assumptions (aleatory); the <em>epistemic band</em> is the spread of "
      "the result across the uncertain assumptions themselves (P5 to P95 of their draws).</p>\n",
      escape_html(u.folder));
  html += band_html(c, u) + tornado_html(c, u) + indices_html(c, u) + robustness_html(u);
  section.html = html;
  return section;
}

}  // namespace chokepoint::report
