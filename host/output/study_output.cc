#include "study_output.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "atomic_file.hh"
#include "hardware.hh"
#include "json_writer.hh"
#include "number_format.hh"
#include "version.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

const char* kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::value:
      return "value";
    case MetricKind::ratio:
      return "ratio";
    case MetricKind::weeks:
      return "weeks";
    case MetricKind::count:
      return "count";
  }
  return "value";
}

std::string unit_of(MetricKind kind, const std::string& value_unit) {
  switch (kind) {
    case MetricKind::value:
      return value_unit;
    case MetricKind::ratio:
      return "fraction of final demand";
    case MetricKind::weeks:
      return "weeks";
    case MetricKind::count:
      return "starts";
  }
  return "";
}

json::array numbers(const std::vector<double>& v) {
  json::array out;
  for (const double x : v) out.push_back(json_number(x));
  return out;
}

json::array estimates(const std::vector<Estimate>& values, const double* levels, const char* level_name,
                      const std::vector<std::optional<Interval>>& cis) {
  json::array out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    out.push_back(json::object{{level_name, levels[i]},
                               {"value", json_number(values[i].value)},
                               {"exact", values[i].exact},
                               {"ci", interval_json(i < cis.size() ? cis[i] : std::nullopt)}});
  }
  return out;
}

std::vector<std::optional<Interval>> all_present(const std::vector<Interval>& v) {
  return {v.begin(), v.end()};
}

json::object metric_json(const MetricStatistics& m, const std::string& value_unit, const BatchStatistics& batches,
                         std::size_t index) {
  json::array exceedance;
  for (const auto& [x, p] : m.exceedance) exceedance.push_back(json::array{json_number(x), json_number(p)});
  const bool have_batches = index < batches.mean.size();
  return json::object{{"name", m.name},
                      {"kind", kind_name(m.kind)},
                      {"unit", unit_of(m.kind, value_unit)},
                      {"count", m.count},
                      {"mean", json_number(m.mean)},
                      {"mean_ci", interval_json(m.mean_ci)},
                      {"sd", json_number(m.sd)},
                      {"se", json_number(m.se)},
                      {"min", json_number(m.min)},
                      {"max", json_number(m.max)},
                      {"p_positive", json_number(m.p_positive)},
                      {"quantiles", estimates(m.quantiles, kQuantileLevels, "p", all_present(m.quantile_ci))},
                      {"var", estimates(m.var, kTailLevels, "alpha", all_present(m.var_ci))},
                      {"cvar", estimates(m.cvar, kTailLevels, "alpha", m.cvar_ci)},
                      {"exceedance", std::move(exceedance)},
                      {"batch_mean", have_batches ? json::value(numbers(batches.mean[index])) : json::value(nullptr)},
                      {"batch_cvar95", have_batches ? json::value(numbers(batches.cvar95[index])) : json::value(nullptr)},
                      {"batch_cvar99", have_batches ? json::value(numbers(batches.cvar99[index])) : json::value(nullptr)}};
}


json::value target_json(const std::optional<TargetOutcome>& t) {
  if (!t) return nullptr;
  return json::object{{"metric", t->target.metric},
                      {"statistic", t->target.statistic},
                      {"relative_half_width", t->target.relative_half_width},
                      {"max_scenarios", t->target.max_scenarios},
                      {"met", t->met},
                      {"estimate", json_number(t->estimate)},
                      {"achieved_relative_half_width", json_number(t->relative_half_width)},
                      {"rounds", t->rounds}};
}

json::value optional_string(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

std::string quantiles_csv(const StudyStatistics& stats) {
  std::string out = "metric,kind,count,mean,sd,se,min,max,p_positive";
  for (const double p : kQuantileLevels) out += fmt::format(",q{}", p);
  for (const double a : kTailLevels) out += fmt::format(",var{},cvar{}", a, a);
  out += '\n';
  for (const MetricStatistics& m : stats.metrics) {
    out += fmt::format("{},{},{},{},{},{},{},{},{}", csv_field(m.name), kind_name(m.kind), m.count, csv_number(m.mean),
                       csv_number(m.sd), csv_number(m.se), csv_number(m.min), csv_number(m.max), csv_number(m.p_positive));
    for (const Estimate& q : m.quantiles) out += "," + csv_number(q.value);
    for (std::size_t i = 0; i < m.var.size(); ++i) out += "," + csv_number(m.var[i].value) + "," + csv_number(m.cvar[i].value);
    out += '\n';
  }
  return out;
}

std::string exceedance_csv(const StudyStatistics& stats) {
  std::string out = "metric,x,p_exceed\n";
  for (const MetricStatistics& m : stats.metrics) {
    for (const auto& [x, p] : m.exceedance) out += fmt::format("{},{},{}\n", csv_field(m.name), csv_number(x), csv_number(p));
  }
  return out;
}

std::string fan_chart_csv(const StudyStatistics& stats) {
  std::string out = "sector,week,q50,q90,q99,p_short,q50_short,q90_short,q99_short\n";
  for (const FanChart& f : stats.fan_charts) {
    for (std::size_t t = 0; t < f.q50.size(); ++t) {
      out += fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(f.sector), t, f.q50[t], f.q90[t], f.q99[t],
                         csv_number(f.p_short[t]), csv_number(f.q50_short[t]), csv_number(f.q90_short[t]),
                         csv_number(f.q99_short[t]));
    }
  }
  return out;
}

std::string worst_csv(const StudyIdentity& id, const StudyStatistics& stats) {
  std::string out = "rank,scenario,loss_total";
  for (const auto& s : id.sectors) out += ",loss." + csv_field(s);
  for (const auto& e : id.events) out += ",starts." + csv_field(e);
  out += '\n';
  for (std::size_t i = 0; i < stats.worst.size(); ++i) {
    const WorstScenario& w = stats.worst[i];
    out += fmt::format("{},{},{}", i + 1, w.scenario, csv_number(w.loss_total));
    for (const double v : w.sector_loss) out += "," + csv_number(v);
    for (const double v : w.event_starts) out += "," + csv_number(v);
    out += '\n';
  }
  return out;
}

/// The study's importance sampling: the spec, the raised factors and the
/// effective sample size.
json::object importance_json(const StudyIdentity& id, const ImportanceSummary& importance) {
  json::object factors;
  for (std::size_t e = 0; e < id.events.size(); ++e) {
    if (importance.factors[e] != 1.0) factors[id.events[e]] = json_number(importance.factors[e]);
  }
  return json::object{{"spec", id.importance},
                      {"factors", std::move(factors)},
                      {"effective_sample_size", json_number(importance.effective_sample_size)}};
}

std::string tail_csv(const StudyIdentity& id, const StudyStatistics& stats) {
  std::string out = "kind,name,value\n";
  for (std::size_t s = 0; s < id.sectors.size(); ++s) {
    out += fmt::format("sector_mean_loss,{},{}\n", csv_field(id.sectors[s]), csv_number(stats.tail.sector_mean_loss[s]));
  }
  for (std::size_t e = 0; e < id.events.size(); ++e) {
    out += fmt::format("event_lift,{},{}\n", csv_field(id.events[e]), csv_number(stats.tail.event_lift[e]));
  }
  return out;
}

}  // namespace

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_number(double x) { return std::isfinite(x) ? fmt::format("{}", x) : ""; }

json::value interval_json(const std::optional<Interval>& ci) {
  if (!ci) return nullptr;
  return json::array{json_number(ci->first), json_number(ci->second)};
}

std::string interval_text(const std::optional<Interval>& ci) {
  if (!ci) return "n/a";
  return fmt::format("[{}, {}]", format_amount(ci->first), format_amount(ci->second));
}

StudyIdentity identify_study(const Scenario& s, const std::string& sha256, std::uint64_t seed, std::uint64_t scenarios,
                             const std::string& policy, const std::string& stress_test) {
  StudyIdentity id;
  id.model_name = s.name;
  id.model_sha256 = sha256;
  id.value_unit = s.value_unit;
  id.horizon_weeks = s.horizon_weeks;
  id.seed = seed;
  id.scenarios = scenarios;
  id.policy = policy;
  id.stress_test = stress_test;
  for (const Node& n : s.nodes) {
    if (std::find(id.sectors.begin(), id.sectors.end(), n.sector) == id.sectors.end()) id.sectors.push_back(n.sector);
  }
  for (const Event& e : s.events) id.events.push_back(e.id);
  return id;
}

json::value results_json(const StudyIdentity& id, const StudyStatistics& stats) {
  json::array metrics;
  for (std::size_t k = 0; k < stats.metrics.size(); ++k) {
    metrics.push_back(metric_json(stats.metrics[k], id.value_unit, stats.batches, k));
  }
  json::array fans;
  for (const FanChart& f : stats.fan_charts) {
    fans.push_back(json::object{{"sector", f.sector},
                                {"q50", numbers(f.q50)},
                                {"q90", numbers(f.q90)},
                                {"q99", numbers(f.q99)},
                                {"p_short", numbers(f.p_short)},
                                {"q50_short", numbers(f.q50_short)},
                                {"q90_short", numbers(f.q90_short)},
                                {"q99_short", numbers(f.q99_short)}});
  }
  json::object sector_loss;
  for (std::size_t s = 0; s < id.sectors.size(); ++s) sector_loss[id.sectors[s]] = json_number(stats.tail.sector_mean_loss[s]);
  json::object lift;
  for (std::size_t e = 0; e < id.events.size(); ++e) lift[id.events[e]] = json_number(stats.tail.event_lift[e]);
  json::array worst;
  const bool weighted = stats.importance.has_value();
  for (const WorstScenario& w : stats.worst) {
    json::object sectors;
    for (std::size_t s = 0; s < id.sectors.size(); ++s) sectors[id.sectors[s]] = json_number(w.sector_loss[s]);
    json::object starts;
    for (std::size_t e = 0; e < id.events.size(); ++e) {
      if (w.event_starts[e] > 0) starts[id.events[e]] = json_number(w.event_starts[e]);
    }
    json::object entry{{"scenario", w.scenario}, {"loss_total", json_number(w.loss_total)},
                       {"sector_loss", std::move(sectors)}, {"event_starts", std::move(starts)}};
    if (weighted) entry["weight"] = json_number(w.weight);
    worst.push_back(std::move(entry));
  }
  json::object study{{"model", id.model_name},
                             {"model_sha256", id.model_sha256},
                             {"value_unit", id.value_unit},
                             {"horizon_weeks", id.horizon_weeks},
                             {"seed", id.seed},
                             {"scenarios", id.scenarios},
                             {"policy", optional_string(id.policy)},
                             {"stress_test", optional_string(id.stress_test)},
                             {"top_k", stats.top_k},
                             {"batch_size", stats.batches.batch_size},
                             {"batches", stats.batches.batches()},
                             {"target", target_json(id.target)}};
  if (weighted) study["importance"] = importance_json(id, *stats.importance);
  return json::object{
      {"format", kResultsFormat},
      {"study", std::move(study)},
      {"precision",
       json::object{{"quantile_relative_error", 1.0 / 256.0},
                    {"confidence", kConfidence},
                    {"note", "Estimates marked exact are order statistics taken from the exact top-K list or from "
                             "whole-number histograms; the others come from log-linear bins and are within 1/256 "
                             "(0.39%) of the true value. Fan-chart ratios are within 0.0025. Confidence intervals "
                             "(95%): mean +- 1.96 se; quantiles and VaR between order statistics of binomial ranks "
                             "(distribution-free); CVaR by batch means over fixed scenario-index batches "
                             "(Student t)." +
                                 std::string(weighted ? " With importance sampling, means, quantiles and VaR take "
                                                        "their intervals from batch means as well."
                                                      : "")}}},
      {"metrics", std::move(metrics)},
      {"fan_charts", std::move(fans)},
      {"tail", json::object{{"metric", "loss_total"},
                            {"alpha", stats.tail.alpha},
                            {"scenarios", stats.tail.scenarios},
                            {"exact", stats.tail.exact},
                            {"sector_mean_loss", std::move(sector_loss)},
                            {"event_lift", std::move(lift)}}},
      {"worst_scenarios", std::move(worst)}};
}

json::value manifest_json(const StudyIdentity& id, const RunRecord& run) {
  const HardwareInfo hw = read_hardware_info();
  json::array command;
  for (const auto& arg : run.command_line) command.push_back(json::value(arg));
  return json::object{{"tool", "chokepoint"},
                      {"version", kVersion},
                      {"git_commit", kGitCommit},
                      {"model_file", run.model_file},
                      {"model_sha256", id.model_sha256},
                      {"seed", id.seed},
                      {"scenarios", id.scenarios},
                      {"policy", optional_string(id.policy)},
                      {"stress_test", optional_string(id.stress_test)},
                      {"backend", run.backend},
                      {"backend_description", run.backend_description},
                      {"wall_seconds", run.wall_seconds},
                      {"started_utc", run.started_utc},
                      {"command_line", std::move(command)},
                      {"hardware", json::object{{"hostname", hw.hostname},
                                                {"cpu", hw.cpu_model},
                                                {"logical_cpus", hw.logical_cpus},
                                                {"memory_bytes", hw.memory_bytes}}}};
}

void write_study_outputs(const std::string& dir, const StudyIdentity& id, const StudyStatistics& stats,
                         const RunRecord& run) {
  ensure_output_directory(dir);
  const std::filesystem::path base(dir);
  // results.json is written last and marks a complete folder: remove an old
  // one first, so that a failure below cannot leave it beside new tables.
  std::error_code ec;
  std::filesystem::remove(base / "results.json", ec);
  write_file_atomically((base / "quantiles.csv").string(), quantiles_csv(stats));
  write_file_atomically((base / "exceedance.csv").string(), exceedance_csv(stats));
  write_file_atomically((base / "fan_chart.csv").string(), fan_chart_csv(stats));
  write_file_atomically((base / "worst.csv").string(), worst_csv(id, stats));
  write_file_atomically((base / "tail.csv").string(), tail_csv(id, stats));
  write_file_atomically((base / "manifest.json").string(), to_pretty_json(manifest_json(id, run)));
  // Last: a results.json present means the whole folder is complete.
  write_file_atomically((base / "results.json").string(), to_pretty_json(results_json(id, stats)));
}

}  // namespace chokepoint
