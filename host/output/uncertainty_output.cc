#include "uncertainty_output.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cmath>

#include "atomic_file.hh"
#include "json_writer.hh"
#include "number_format.hh"
#include "study_output.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

json::value estimate(const std::optional<IntervalEstimate>& e) {
  if (!e) return nullptr;
  return json::object{{"value", json_number(e->value)}, {"ci", interval_json(e->ci)}};
}

json::value tornado_end(const TornadoEnd& end) {
  return json::object{{"quantile", json_number(end.quantile)},
                      {"value", json_number(end.value)},
                      {"difference", json_number(end.difference)},
                      {"ci", interval_json(end.ci)}};
}

json::array numbers(const std::vector<double>& values) {
  json::array out;
  for (const double v : values) out.push_back(json_number(v));
  return out;
}

json::value optional_number(const std::optional<double>& x) { return x ? json_number(*x) : json::value(nullptr); }

std::string csv_interval(const std::optional<Interval>& ci) {
  return ci ? csv_number(ci->first) + "," + csv_number(ci->second) : ",";
}

/// The epistemic band of the summary, one line.
std::string band_line(const std::string& statistic, const std::string& metric, const std::string& unit,
                      const EpistemicBand& band) {
  return fmt::format("{} of {} ({}) across factor draws (epistemic band): mean {}, P5 {}, P50 {}, P95 {}\n", statistic,
                     metric, unit, format_amount(band.mean), format_amount(band.p5), format_amount(band.p50),
                     format_amount(band.p95));
}

}  // namespace

json::value uncertainty_json(const UncertaintyResults& r) {
  const UncertaintyOptions& o = r.options;
  const bool sobol = o.method == "sobol";
  const bool robustness = o.method == "robustness";
  json::array factors;
  for (const FactorResult& f : r.factors) {
    json::value tornado = nullptr;
    if (f.low && f.high) tornado = json::object{{"low", tornado_end(*f.low)}, {"high", tornado_end(*f.high)}};
    factors.push_back(json::object{{"id", f.id},
                                   {"label", f.label},
                                   {"low", json_number(o.low_quantile)},
                                   {"high", json_number(o.high_quantile)},
                                   {"tornado", std::move(tornado)},
                                   {"first_order", estimate(f.first_order)},
                                   {"total", estimate(f.total)}});
  }
  json::array policies;
  for (const CandidateResult& c : r.candidates) {
    const CandidateRobustness& x = c.robustness;
    policies.push_back(json::object{{"id", c.id},
                                    {"label", c.label},
                                    {"cost_over_horizon", json_number(c.cost_over_horizon)},
                                    {"p_best", estimate(x.p_best)},
                                    {"mean_regret", json_number(x.mean_regret)},
                                    {"p90_regret", json_number(x.p90_regret)},
                                    {"mean_net_benefit", json_number(x.mean_net_benefit)}});
  }
  json::value epistemic = nullptr;
  if (r.epistemic) {
    epistemic = json::object{{"mean", json_number(r.epistemic->mean)},
                             {"p5", json_number(r.epistemic->p5)},
                             {"p50", json_number(r.epistemic->p50)},
                             {"p95", json_number(r.epistemic->p95)}};
  }
  json::value exceedance = nullptr;
  if (r.epistemic_exceedance) {
    const EpistemicExceedance& e = *r.epistemic_exceedance;
    exceedance = json::object{{"x", numbers(e.x)},
                              {"p5", numbers(e.p5)},
                              {"p50", numbers(e.p50)},
                              {"p95", numbers(e.p95)}};
  }
  return json::object{
      {"format", kUncertaintyFormat},
      {"study", json::object{{"model", r.model_name},
                             {"model_sha256", r.model_sha256},
                             {"value_unit", r.value_unit},
                             {"horizon_weeks", r.horizon_weeks},
                             {"method", o.method},
                             {"seed", o.seed},
                             {"metric", robustness ? "loss_total" : o.metric},
                             {"statistic", robustness ? "mean" : o.statistic},
                             {"rows", sobol ? json::value(o.rows) : json::value(nullptr)},
                             {"scenarios_per_point", o.point.scenarios},
                             {"draws", robustness ? json::value(o.draws) : json::value(nullptr)},
                             {"batches", o.point.batches},
                             {"bootstrap_samples", sobol ? json::value(o.bootstrap_samples) : json::value(nullptr)},
                             {"points", r.points}}},
      {"confidence", kConfidence},
      {"note", "Aleatory (scenario) uncertainty is in the confidence intervals; epistemic (assumption) uncertainty "
               "is the band across factor draws. Tornado differences are paired over the same scenarios; Sobol' "
               "indices are noise-corrected with bootstrap intervals over design rows; net benefit is the "
               "expected loss_total reduction minus annual_cost * horizon_weeks / 52."},
      {"factors", std::move(factors)},
      {"base", estimate(r.base)},
      {"epistemic", std::move(epistemic)},
      {"epistemic_exceedance", std::move(exceedance)},
      {"noise_to_signal", optional_number(r.noise_to_signal)},
      {"variance", optional_number(r.variance)},
      {"policies", robustness ? json::value(std::move(policies)) : json::value(nullptr)},
      {"evpi", optional_number(r.evpi)},
      {"unresolved_share", optional_number(r.unresolved_share)}};
}

std::string uncertainty_csv_name(const UncertaintyResults& r) { return r.options.method + ".csv"; }

std::string uncertainty_csv(const UncertaintyResults& r) {
  std::string out;
  if (r.options.method == "tornado") {
    out = "factor,end,quantile,value,difference,ci_low,ci_high\n";
    for (const FactorResult& f : r.factors) {
      for (const auto& [name, end] : {std::pair{"low", &*f.low}, std::pair{"high", &*f.high}}) {
        out += fmt::format("{},{},{},{},{},{}\n", f.id, name, csv_number(end->quantile), csv_number(end->value),
                           csv_number(end->difference), csv_interval(end->ci));
      }
    }
  } else if (r.options.method == "sobol") {
    out = "factor,first_order,first_order_ci_low,first_order_ci_high,total,total_ci_low,total_ci_high\n";
    for (const FactorResult& f : r.factors) {
      out += fmt::format("{},{},{},{},{}\n", f.id, csv_number(f.first_order->value), csv_interval(f.first_order->ci),
                         csv_number(f.total->value), csv_interval(f.total->ci));
    }
  } else {
    out = "candidate,cost_over_horizon,p_best,p_best_ci_low,p_best_ci_high,mean_regret,p90_regret,mean_net_benefit\n";
    for (const CandidateResult& c : r.candidates) {
      const CandidateRobustness& x = c.robustness;
      out += fmt::format("{},{},{},{},{},{},{}\n", c.id, csv_number(c.cost_over_horizon), csv_number(x.p_best.value),
                         csv_interval(x.p_best.ci), csv_number(x.mean_regret), csv_number(x.p90_regret),
                         csv_number(x.mean_net_benefit));
    }
  }
  return out;
}

std::string uncertainty_summary(const UncertaintyResults& r, const std::string& out_dir) {
  const UncertaintyOptions& o = r.options;
  const std::string unit = r.value_unit.empty() ? "value units" : r.value_unit;
  std::string out = fmt::format("{}: {} over {} uncertain factors, {} points x {} scenarios, seed {}\n", r.model_name,
                                o.method, r.factors.size(), format_count(r.points), format_count(o.point.scenarios),
                                o.seed);
  out += fmt::format("Backend: {} ({}), {:.1f} s\n\n", r.backend, r.backend_description, r.wall_seconds);
  if (o.method == "tornado") {
    out += fmt::format("{} of {} ({}); base {} {}; each factor at quantiles {} and {}, others at base;\n"
                       "differences to base with paired 95% intervals, widest first\n\n",
                       o.statistic, o.metric, unit, format_amount(r.base->value), interval_text(r.base->ci),
                       o.low_quantile, o.high_quantile);
    out += fmt::format("{:<28} {:>12} {:>26} {:>12} {:>26}\n", "factor", "low end", "95% CI", "high end", "95% CI");
    for (const FactorResult& f : r.factors) {
      out += fmt::format("{:<28} {:>12} {:>26} {:>12} {:>26}\n", f.id, format_amount(f.low->difference),
                         interval_text(f.low->ci), format_amount(f.high->difference), interval_text(f.high->ci));
    }
  } else if (o.method == "sobol") {
    out += band_line(o.statistic, o.metric, unit, *r.epistemic);
    out += fmt::format("Sobol' indices ({} rows, noise-corrected, bootstrap 95% intervals):\n\n", format_count(o.rows));
    out += fmt::format("{:<28} {:>10} {:>22} {:>10} {:>22}\n", "factor", "first", "95% CI", "total", "95% CI");
    for (const FactorResult& f : r.factors) {
      out += fmt::format("{:<28} {:>10} {:>22} {:>10} {:>22}\n", f.id, format_amount(f.first_order->value),
                         interval_text(f.first_order->ci), format_amount(f.total->value), interval_text(f.total->ci));
    }
    out += fmt::format("\nNoise to signal: {} (Monte Carlo noise of a point over the variance across draws)\n",
                       format_amount(*r.noise_to_signal));
    if (!(*r.noise_to_signal <= kNoiseToSignalWarning)) {
      out += fmt::format("warning: noise to signal above {}: the indices lean heavily on the noise correction; raise -n "
                         "(noise falls as 1/M: -n {} would bring it to about {})\n",
                         kNoiseToSignalWarning, format_count(4 * o.point.scenarios),
                         format_amount(*r.noise_to_signal / 4.0));
    }
  } else {
    out += band_line("mean", "loss_total", unit + ", do nothing", *r.epistemic);
    out += fmt::format("Net benefit = expected loss_total reduction minus cost over {} weeks ({}), at {} factor draws;\n"
                       "P(best) with Wilson 95% intervals; regret = best net benefit at a draw minus this one\n\n",
                       r.horizon_weeks, unit, format_count(o.draws));
    out += fmt::format("{:<28} {:>8} {:>18} {:>12} {:>12} {:>14}\n", "candidate", "P(best)", "95% CI", "mean regret",
                       "P90 regret", "mean benefit");
    for (const CandidateResult& c : r.candidates) {
      const CandidateRobustness& x = c.robustness;
      out += fmt::format("{:<28} {:>8} {:>18} {:>12} {:>12} {:>14}\n", c.id, format_percent(x.p_best.value),
                         x.p_best.ci ? fmt::format("[{}, {}]", format_percent(x.p_best.ci->first),
                                                   format_percent(x.p_best.ci->second))
                                     : "n/a",
                         format_amount(x.mean_regret), format_amount(x.p90_regret), format_amount(x.mean_net_benefit));
    }
    out += fmt::format("\nEVPI (value of knowing the factors before choosing): {} {}\n", format_amount(*r.evpi), unit);
    out += fmt::format("Draws whose two best candidates are within Monte Carlo noise: {} (that much of P(best) is "
                       "noise; raise -n to resolve them)\n",
                       format_percent(*r.unresolved_share));
  }
  if (!out_dir.empty()) out += fmt::format("\nResults: {}/uncertainty.json (and {})\n", out_dir, uncertainty_csv_name(r));
  return out;
}

void write_uncertainty_outputs(const std::string& dir, const UncertaintyResults& r) {
  write_file_atomically(dir + "/" + uncertainty_csv_name(r), uncertainty_csv(r));
  write_file_atomically(dir + "/uncertainty.json", to_pretty_json(uncertainty_json(r)));
}

}  // namespace chokepoint
