#include "study_results.hh"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <cmath>
#include <filesystem>

#include "diagnostics.hh"
#include "number_format.hh"
#include "study_output.hh"

namespace chokepoint::report {

namespace {

std::vector<LevelEstimate> read_estimates(const JsonCursor& list, std::string_view level_key) {
  std::vector<LevelEstimate> out;
  for (const JsonCursor& item : list.items()) {
    out.push_back(LevelEstimate{item[level_key].number(), item["value"].number(), item["exact"].boolean(),
                                read_optional_interval(item, "ci")});
  }
  return out;
}

MetricResult read_metric(const JsonCursor& m) {
  MetricResult r;
  r.name = m["name"].string();
  r.pointer = m.pointer();
  r.kind = m["kind"].string();
  r.unit = m["unit"].string();
  r.count = m["count"].whole_number();
  r.mean = m["mean"].number();
  r.sd = m["sd"].number();
  r.se = m["se"].number();
  r.min = m["min"].number();
  r.max = m["max"].number();
  r.p_positive = m["p_positive"].number();
  r.mean_ci = read_optional_interval(m, "mean_ci");
  r.quantiles = read_estimates(m["quantiles"], "p");
  r.var = read_estimates(m["var"], "alpha");
  r.cvar = read_estimates(m["cvar"], "alpha");
  for (const JsonCursor& point : m["exceedance"].items()) {
    const std::vector<JsonCursor> xy = point.items();
    if (xy.size() != 2) point.fail("expected [x, P(value > x)]");
    r.exceedance.emplace_back(xy[0].number(), xy[1].number());
  }
  return r;
}

std::vector<double> read_numbers(const JsonCursor& list) {
  std::vector<double> out;
  for (const JsonCursor& x : list.items()) out.push_back(x.number());
  return out;
}

NamedValues read_named_values(const JsonCursor& object) {
  NamedValues out;
  for (const auto& [name, value] : object.members()) out.emplace_back(name, value.number());
  return out;
}

const LevelEstimate* find_level(const std::vector<LevelEstimate>& list, double level) {
  for (const LevelEstimate& e : list) {
    if (std::fabs(e.level - level) < 1e-9) return &e;
  }
  return nullptr;
}

}  // namespace

std::optional<Interval> read_optional_interval(const JsonCursor& parent, std::string_view key) {
  const std::optional<JsonCursor> ci = parent.find(key);
  if (!ci || ci->is_null()) return std::nullopt;
  const std::vector<JsonCursor> ends = ci->items();
  if (ends.size() != 2) ci->fail(fmt::format("expected [lo, hi], got {}", describe_json(ci->value())));
  // A null bound is unknown (too few scenarios to bound that side).
  const auto bound = [](const JsonCursor& end, double unknown) { return end.is_null() ? unknown : end.number(); };
  return Interval{bound(ends[0], -HUGE_VAL), bound(ends[1], HUGE_VAL)};
}

const LevelEstimate* MetricResult::quantile_at(double p) const { return find_level(quantiles, p); }
const LevelEstimate* MetricResult::var_at(double alpha) const { return find_level(var, alpha); }
const LevelEstimate* MetricResult::cvar_at(double alpha) const { return find_level(cvar, alpha); }

const MetricResult* StudyResults::metric(std::string_view name) const {
  for (const MetricResult& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> StudyResults::sectors() const {
  std::vector<std::string> out;
  for (const MetricResult& m : metrics) {
    if (m.name.rfind("loss.", 0) == 0) out.push_back(m.name.substr(5));
  }
  return out;
}

std::vector<std::string> StudyResults::headline_metrics() const {
  std::vector<std::string> names = {"loss_total"};
  const std::vector<std::string> all = sectors();
  if (all.size() > 1) {
    for (const std::string& sector : all) names.push_back("loss." + sector);
  }
  return names;
}

std::string headline_label(const std::string& metric) {
  return metric == "loss_total" ? "total" : metric.substr(metric.find('.') + 1);
}

std::string StudyResults::variant_name() const {
  if (is_baseline()) return "baseline";
  std::string out;
  if (!policy.empty()) out = "policy " + policy;
  if (!stress_test.empty()) out += (out.empty() ? "" : ", ") + std::string("stress test ") + stress_test;
  return out;
}

StudyHeading read_study_heading(const JsonCursor& study) {
  StudyHeading h;
  h.model = study["model"].string();
  h.model_sha256 = study["model_sha256"].string();
  h.value_unit = study["value_unit"].string();
  h.horizon_weeks = static_cast<std::int64_t>(study["horizon_weeks"].whole_number());
  h.seed = study["seed"].whole_number();
  h.scenarios = study["scenarios"].whole_number();
  return h;
}

std::string StudyResults::sampling_note() const {
  if (importance.empty()) return "";
  return fmt::format(" Importance sampling ({}): effective sample size {}.", importance,
                     format_count(static_cast<std::uint64_t>(effective_sample_size)));
}

std::string StudyResults::manifest_string(std::string_view key) const {
  if (!manifest) return "";
  const auto it = manifest->find(key);
  if (it == manifest->end() || !it->value().is_string()) return "";
  return std::string(it->value().get_string());
}

StudyResults read_study_results(const std::string& folder) {
  const std::filesystem::path dir(folder);
  const std::string results_path = (dir / "results.json").string();
  if (!std::filesystem::exists(results_path)) {
    throw InputError(fmt::format("{}: no results.json (not a finished results folder)", folder));
  }
  const JsonCursor root = read_json_file(results_path);
  const JsonCursor format = root["format"];
  if (format.string() != std::string_view(kResultsFormat)) {
    format.fail(fmt::format("expected \"{}\", got {}", kResultsFormat, describe_json(format.value())));
  }
  const JsonCursor study = root["study"];
  StudyResults r;
  static_cast<StudyHeading&>(r) = read_study_heading(study);
  r.folder = folder;
  r.policy = study["policy"].string_or_empty();
  r.stress_test = study["stress_test"].string_or_empty();
  if (const auto importance = study.find("importance")) {
    r.importance = (*importance)["spec"].string();
    r.effective_sample_size = (*importance)["effective_sample_size"].number();
  }
  r.top_k = study["top_k"].whole_number();
  if (const auto precision = root.find("precision")) {
    if (const auto confidence = precision->find("confidence")) r.ci_confidence = confidence->number();
  }
  for (const JsonCursor& m : root["metrics"].items()) r.metrics.push_back(read_metric(m));
  for (const JsonCursor& f : root["fan_charts"].items()) {
    r.fan_charts.push_back(FanChartResult{f["sector"].string(), read_numbers(f["q50"]), read_numbers(f["q90"]),
                                          read_numbers(f["q99"]), read_numbers(f["p_short"]),
                                          read_numbers(f["q50_short"]), read_numbers(f["q90_short"]),
                                          read_numbers(f["q99_short"])});
  }
  const JsonCursor tail = root["tail"];
  r.tail = TailResult{tail["metric"].string(),
                      tail["alpha"].number(),
                      tail["scenarios"].whole_number(),
                      tail["exact"].boolean(),
                      read_named_values(tail["sector_mean_loss"]),
                      read_named_values(tail["event_lift"])};
  for (const JsonCursor& w : root["worst_scenarios"].items()) {
    r.worst.push_back(WorstScenarioResult{w["scenario"].whole_number(), w["loss_total"].number(),
                                          read_named_values(w["sector_loss"]), read_named_values(w["event_starts"])});
  }
  const std::string manifest_path = (dir / "manifest.json").string();
  if (std::filesystem::exists(manifest_path)) {
    const JsonCursor manifest = read_json_file(manifest_path);
    if (!manifest.value().is_object()) manifest.fail("expected an object");
    r.manifest = manifest.value().get_object();
  }
  return r;
}

}  // namespace chokepoint::report
