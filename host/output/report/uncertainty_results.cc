#include "uncertainty_results.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "diagnostics.hh"
#include "json_cursor.hh"
#include "uncertainty_output.hh"

namespace chokepoint::report {

namespace {

/// A member that is there and not null: the contract lets a run leave out
/// (or write as null) every part it did not compute.
std::optional<JsonCursor> present(const JsonCursor& parent, std::string_view key) {
  std::optional<JsonCursor> member = parent.find(key);
  if (member && member->is_null()) return std::nullopt;
  return member;
}

std::optional<double> optional_number(const JsonCursor& parent, std::string_view key) {
  const std::optional<JsonCursor> member = present(parent, key);
  if (!member) return std::nullopt;
  return member->number();
}

double number_or_nan(const JsonCursor& parent, std::string_view key) {
  return optional_number(parent, key).value_or(kNotANumber);
}

std::optional<std::uint64_t> optional_count(const JsonCursor& parent, std::string_view key) {
  const std::optional<JsonCursor> member = present(parent, key);
  if (!member) return std::nullopt;
  return member->whole_number();
}

/// {"value", "ci": [lo, hi]} (the ci may be absent or null).
EstimateWithInterval read_estimate(const JsonCursor& e, std::string_view value_key = "value") {
  const JsonCursor value = e[value_key];
  std::optional<Interval> ci = read_optional_interval(e, "ci");
  std::string ci_pointer = ci ? e.pointer() + "/ci" : "";
  return EstimateWithInterval{value.number(), ci, value.pointer(), std::move(ci_pointer)};
}

std::optional<EstimateWithInterval> optional_estimate(const JsonCursor& parent, std::string_view key) {
  const std::optional<JsonCursor> member = present(parent, key);
  if (!member) return std::nullopt;
  return read_estimate(*member);
}

std::optional<TornadoEnd> read_tornado_end(const JsonCursor& tornado, std::string_view end) {
  const std::optional<JsonCursor> e = present(tornado, end);
  if (!e) return std::nullopt;
  return TornadoEnd{(*e)["value"].number(), read_estimate(*e, "difference")};
}

UncertainFactor read_factor(const JsonCursor& f) {
  UncertainFactor r;
  r.id = f["id"].string();
  if (const auto label = present(f, "label")) r.label = label->string();
  r.low = number_or_nan(f, "low");
  r.high = number_or_nan(f, "high");
  if (const std::optional<JsonCursor> tornado = present(f, "tornado")) {
    r.tornado_low = read_tornado_end(*tornado, "low");
    r.tornado_high = read_tornado_end(*tornado, "high");
  }
  r.first_order = optional_estimate(f, "first_order");
  r.total = optional_estimate(f, "total");
  return r;
}

std::vector<double> read_numbers(const JsonCursor& list) {
  std::vector<double> out;
  for (const JsonCursor& x : list.items()) out.push_back(x.number());
  return out;
}

EpistemicExceedance read_exceedance(const JsonCursor& e) {
  EpistemicExceedance r{read_numbers(e["x"]), read_numbers(e["p5"]), read_numbers(e["p50"]), read_numbers(e["p95"])};
  for (const char* key : {"p5", "p50", "p95"}) {
    if (e[key].items().size() != r.x.size()) {
      e[key].fail(fmt::format("expected {} probabilities, one per x, got {}", r.x.size(), e[key].items().size()));
    }
  }
  return r;
}

PolicyRobustness read_policy(const JsonCursor& p) {
  PolicyRobustness r;
  r.id = p["id"].string();
  if (const std::optional<JsonCursor> p_best = present(p, "p_best")) r.p_best = read_estimate(*p_best);
  r.mean_regret = number_or_nan(p, "mean_regret");
  r.p90_regret = number_or_nan(p, "p90_regret");
  r.mean_net_benefit = number_or_nan(p, "mean_net_benefit");
  return r;
}

}  // namespace

double UncertainFactor::swing() const {
  if (!tornado_low || !tornado_high) return kNotANumber;
  return std::fabs(tornado_high->difference.value - tornado_low->difference.value);
}

bool UncertaintyResults::has_tornado() const {
  return std::any_of(factors.begin(), factors.end(), [](const UncertainFactor& f) { return f.tornado_low || f.tornado_high; });
}

bool UncertaintyResults::has_indices() const {
  return std::any_of(factors.begin(), factors.end(), [](const UncertainFactor& f) { return f.first_order || f.total; });
}

std::vector<const UncertainFactor*> UncertaintyResults::by_swing() const {
  std::vector<const UncertainFactor*> out;
  for (const UncertainFactor& f : factors) out.push_back(&f);
  // Factors without both ends (NaN swing) go last, in file order.
  std::stable_sort(out.begin(), out.end(), [](const UncertainFactor* a, const UncertainFactor* b) {
    const double sa = a->swing();
    const double sb = b->swing();
    if (std::isnan(sa) || std::isnan(sb)) return !std::isnan(sa) && std::isnan(sb);
    return sa > sb;
  });
  return out;
}

UncertaintyResults read_uncertainty(const std::string& folder) {
  const std::string path = (std::filesystem::path(folder) / "uncertainty.json").string();
  const JsonCursor root = read_json_file(path);
  const JsonCursor format = root["format"];
  if (format.string() != std::string_view(kUncertaintyFormat)) {
    format.fail(fmt::format("expected \"{}\", got {}", kUncertaintyFormat, describe_json(format.value())));
  }
  UncertaintyResults r;
  r.folder = folder;
  const JsonCursor study = root["study"];
  r.model = study["model"].string();
  r.model_sha256 = study["model_sha256"].string();
  if (const auto metric = present(study, "metric")) r.metric = metric->string();
  if (const auto statistic = present(study, "statistic")) r.statistic = statistic->string();
  r.rows = optional_count(study, "rows");
  r.scenarios_per_point = optional_count(study, "scenarios_per_point");
  r.draws = optional_count(study, "draws");
  if (const auto factors = present(root, "factors")) {
    for (const JsonCursor& f : factors->items()) r.factors.push_back(read_factor(f));
  }
  r.base = optional_estimate(root, "base");
  if (const auto band = present(root, "epistemic")) {
    r.epistemic = EpistemicBand{number_or_nan(*band, "mean"), number_or_nan(*band, "p5"),
                                number_or_nan(*band, "p50"), number_or_nan(*band, "p95"), band->pointer()};
  }
  r.noise_to_signal = optional_number(root, "noise_to_signal");
  if (const auto curves = present(root, "epistemic_exceedance")) r.epistemic_exceedance = read_exceedance(*curves);
  if (const auto policies = present(root, "policies")) {
    for (const JsonCursor& p : policies->items()) r.policies.push_back(read_policy(p));
  }
  r.evpi = optional_number(root, "evpi");
  return r;
}

}  // namespace chokepoint::report
