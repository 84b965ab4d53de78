// Policy robustness: at each of J factor draws, the baseline and every
// policy on the same scenarios [j M, (j + 1) M) (paired, one group), their
// net benefit (expected loss_total reduction minus cost over the horizon)
// handed to the robustness estimators. The draws are the A half of a Saltelli
// design (quasi-random, so J draws cover the factor space evenly). The baseline at
// the J draws also gives the epistemic band of the expected loss_total and
// its exceedance curves, as a Sobol' study does.
#include "uncertainty_methods.hh"

namespace chokepoint {

void run_robustness(const LoadedScenario& loaded, const UncertaintyOptions& options, PointEvaluator& evaluator,
                    UncertaintyResults& results) {
  const std::size_t d = results.factors.size();
  const std::vector<Policy>& policies = loaded.scenario.policies;
  const double weeks_per_year = 52.0;
  const double horizon_years = loaded.scenario.horizon_weeks / weeks_per_year;
  results.candidates.push_back({"do_nothing", "Do nothing (the baseline)", 0.0, {}});
  for (const Policy& p : policies) results.candidates.push_back({p.id, p.label, p.annual_cost.value_or(0.0) * horizon_years, {}});

  const auto design = saltelli_design(options.draws, d, options.seed);
  std::vector<std::vector<CandidateAtDraw>> table;
  std::vector<double> baseline_losses;
  std::vector<ExceedanceCurve> baseline_curves;
  for (std::size_t j = 0; j < options.draws; ++j) {
    const std::uint64_t first = j * options.point.scenarios;
    const FactorPoint point(design[j].begin(), design[j].begin() + static_cast<std::ptrdiff_t>(d));
    std::vector<PointRequest> group = {{point, std::nullopt}};
    for (std::size_t p = 0; p < policies.size(); ++p) group.push_back({point, p});
    const std::vector<PointStatistic> at = evaluator.evaluate(group, first, "loss_total", "mean");
    const PointStatistic& baseline = at[0];
    baseline_losses.push_back(baseline.value);
    baseline_curves.push_back(baseline.exceedance);
    std::vector<CandidateAtDraw> row;
    row.push_back({0.0, std::vector<double>(baseline.batch_values.size(), 0.0)});
    for (std::size_t p = 0; p < policies.size(); ++p) {
      const PointStatistic& with = at[p + 1];
      const double cost = results.candidates[p + 1].cost_over_horizon;
      CandidateAtDraw c{baseline.value - with.value - cost, {}};
      for (std::size_t k = 0; k < with.batch_values.size(); ++k) {
        c.batch_net_benefit.push_back(baseline.batch_values[k] - with.batch_values[k] - cost);
      }
      row.push_back(std::move(c));
    }
    table.push_back(std::move(row));
  }
  const RobustnessSummary summary = policy_robustness(table);
  for (std::size_t c = 0; c < results.candidates.size(); ++c) results.candidates[c].robustness = summary.candidates[c];
  results.evpi = summary.evpi;
  results.unresolved_share = summary.unresolved_share;
  // The baseline's spread across the draws: the epistemic band of the
  // expected loss_total, and its exceedance curves.
  results.epistemic = epistemic_band(std::move(baseline_losses));
  results.epistemic_exceedance = epistemic_exceedance(baseline_curves);
}

}  // namespace chokepoint
