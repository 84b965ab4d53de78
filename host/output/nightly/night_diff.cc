#include "night_diff.hh"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "det_math.hh"
#include "diagnostics.hh"
#include "json_writer.hh"
#include "number_format.hh"

namespace chokepoint::nightly {

using report::Interval;
using report::kNotANumber;
using report::LevelEstimate;
using report::MetricResult;
using report::read_study_results;
using report::StudyResults;

namespace json = boost::json;

namespace {

/// Manifest members that differ on every run and say nothing about a change.
const std::vector<std::string> kVolatileManifestKeys = {"started_utc", "wall_seconds", "command_line"};
/// How many unflagged changes the Markdown lists for context.
constexpr std::size_t kLargestUnflaggedListed = 10;

std::string study_key(const StudyResults& s) { return s.model + ": " + s.variant_name(); }

double se_from_interval(const Interval& ci, double confidence) {
  return (ci.hi - ci.lo) / (2.0 * det_normal_quantile(0.5 + confidence / 2.0));
}

void flatten(const json::value& v, const std::string& key, std::map<std::string, std::string>& out) {
  if (v.is_object()) {
    for (const auto& member : v.get_object()) {
      const std::string k = key.empty() ? std::string(member.key()) : key + "." + std::string(member.key());
      if (std::find(kVolatileManifestKeys.begin(), kVolatileManifestKeys.end(), k) == kVolatileManifestKeys.end()) {
        flatten(member.value(), k, out);
      }
    }
  } else if (v.is_string()) {
    out[key] = std::string(v.get_string());
  } else {
    out[key] = json::serialize(v);
  }
}

std::map<std::string, std::string> flat_manifest(const StudyResults& s) {
  std::map<std::string, std::string> out;
  if (s.manifest) flatten(*s.manifest, "", out);
  return out;
}

/// The members of the two studies' manifests that differ.
std::vector<MemberChange> differing_members(const StudyResults& previous, const StudyResults& current) {
  const auto a = flat_manifest(previous);
  const auto b = flat_manifest(current);
  std::vector<std::string> keys;
  for (const auto& [k, v] : a) keys.push_back(k);
  for (const auto& [k, v] : b) {
    if (!a.contains(k)) keys.push_back(k);
  }
  std::vector<MemberChange> out;
  for (const std::string& k : keys) {
    const std::string old_value = a.contains(k) ? a.at(k) : "(absent)";
    const std::string new_value = b.contains(k) ? b.at(k) : "(absent)";
    if (old_value != new_value) out.push_back({k, old_value, new_value});
  }
  return out;
}

void add_manifest_changes(const std::vector<MemberChange>& members, const std::string& study,
                          std::vector<ManifestChange>& out) {
  for (const MemberChange& m : members) {
    auto it = std::find_if(out.begin(), out.end(), [&](const ManifestChange& c) {
      return c.key == m.key && c.previous == m.previous && c.current == m.current;
    });
    if (it == out.end()) it = out.insert(out.end(), ManifestChange{m.key, m.previous, m.current, {}});
    it->studies.push_back(study);
  }
}

/// The model file a study ran (its manifest's model_file, else its model's name).
std::string model_file_of(const StudyResults& s) {
  if (s.manifest) {
    if (const auto* file = s.manifest->if_contains("model_file"); file != nullptr && file->is_string()) {
      return std::string(file->get_string());
    }
  }
  return s.model;
}

/// "all 66 studies", "demo (6 studies)", "demo: baseline".
std::string where(const std::vector<std::string>& studies, std::size_t matched) {
  if (studies.size() == matched && matched > 1) return fmt::format("all {} studies", matched);
  if (studies.size() <= 3) return fmt::format("{}", fmt::join(studies, "; "));
  std::vector<std::pair<std::string, std::size_t>> models;
  for (const std::string& s : studies) {
    const std::string model = s.substr(0, s.find(':'));
    auto it = std::find_if(models.begin(), models.end(), [&](const auto& m) { return m.first == model; });
    if (it == models.end()) it = models.insert(models.end(), {model, 0});
    ++it->second;
  }
  std::string out;
  for (const auto& [model, count] : models) {
    out += fmt::format("{}{} ({} {})", out.empty() ? "" : "; ", model, count, count == 1 ? "study" : "studies");
  }
  return out;
}

std::string signed_amount(double x) { return (x > 0 ? "+" : "") + format_amount(x); }

std::string relative_text(double r) {
  if (std::isinf(r)) return "from 0";
  return (r > 0 ? "+" : "") + format_percent(r);
}

std::string change_row(const StatisticChange& c) {
  return fmt::format("| {} | {} | {} | {} | {} | {} ({}) | ±{} |\n", c.study, c.metric, c.statistic,
                     format_amount(c.previous), format_amount(c.current), signed_amount(c.change()),
                     relative_text(c.relative()), format_amount(c.noise));
}

constexpr const char* kChangeHeader =
    "| study | metric | statistic | previous | this night | change | noise |\n|---|---|---|--:|--:|--:|--:|\n";

std::size_t matched_studies(const NightDiff& d) {
  std::vector<std::string> studies;
  for (const StatisticChange& c : d.changes) {
    if (std::find(studies.begin(), studies.end(), c.study) == studies.end()) studies.push_back(c.study);
  }
  return studies.size();
}

}  // namespace

NightResults read_night(const std::string& folder) {
  if (!std::filesystem::is_directory(folder)) throw InputError(fmt::format("{}: no such folder", folder));
  std::vector<std::string> dirs;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().filename() == "results.json") {
      dirs.push_back(entry.path().parent_path().string());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  NightResults night{folder, {}};
  for (const std::string& dir : dirs) {
    StudyResults s = read_study_results(dir);
    for (const StudyResults& other : night.studies) {
      if (study_key(other) == study_key(s)) {
        throw InputError(
            fmt::format("{} and {} both hold {}: a night holds each study once", other.folder, dir, study_key(s)));
      }
    }
    night.studies.push_back(std::move(s));
  }
  if (night.studies.empty()) throw InputError(fmt::format("{}: no results.json below this folder", folder));
  return night;
}

Estimated estimate_statistic(const MetricResult& m, const std::string& statistic, double ci_confidence) {
  if (statistic == "mean") return {m.mean, m.mean_ci ? se_from_interval(*m.mean_ci, ci_confidence) : m.se};
  if (statistic == "p_positive") {
    const double p = m.p_positive;
    return {p, std::sqrt(p * (1.0 - p) / static_cast<double>(m.count))};
  }
  const double alpha = statistic.ends_with("95") ? 0.95 : 0.99;
  const LevelEstimate* e = statistic.starts_with("cvar") ? m.cvar_at(alpha) : m.var_at(alpha);
  if (e == nullptr) return {};
  return {e->value, e->ci ? se_from_interval(*e->ci, ci_confidence) : kNotANumber};
}

std::size_t NightDiff::flagged_increases() const {
  return static_cast<std::size_t>(std::count_if(changes.begin(), changes.end(),
                                                [](const StatisticChange& c) { return c.flagged && c.change() > 0; }));
}

std::size_t NightDiff::flagged_decreases() const {
  return static_cast<std::size_t>(std::count_if(changes.begin(), changes.end(),
                                                [](const StatisticChange& c) { return c.flagged && c.change() < 0; }));
}

bool NightDiff::reproducibility_failure() const {
  return std::any_of(groups.begin(), groups.end(), [](const CauseGroup& g) { return g.reproducibility_failure(); });
}

int NightDiff::exit_status() const {
  if (reproducibility_failure()) return 4;
  return flagged_increases() > 0 ? 3 : 0;
}

NightDiff diff_nights(const NightResults& previous, const NightResults& current, const NightlyConfig& config) {
  NightDiff d;
  d.previous_folder = previous.folder;
  d.current_folder = current.folder;
  d.relative_threshold = config.relative_threshold;
  d.confidence = config.confidence;
  std::vector<double> combined_se;
  std::map<std::string, std::size_t> unknown_noise;  // statistic -> studies
  for (const StudyResults& cur : current.studies) {
    const auto prev = std::find_if(previous.studies.begin(), previous.studies.end(),
                                   [&](const StudyResults& s) { return study_key(s) == study_key(cur); });
    if (prev == previous.studies.end()) {
      d.only_current.push_back(study_key(cur));
      continue;
    }
    const std::vector<MemberChange> members = differing_members(*prev, cur);
    add_manifest_changes(members, study_key(cur), d.manifest_changes);
    const std::string cause = change_cause(members, model_file_of(cur));
    std::set<std::string> lacking;  // statistics without a standard error in this study
    for (const MetricResult& m : cur.metrics) {
      const bool watched = std::any_of(config.metrics.begin(), config.metrics.end(),
                                       [&](const std::string& p) { return metric_matches(p, m.name); });
      const MetricResult* pm = prev->metric(m.name);
      if (!watched || pm == nullptr) continue;
      for (const std::string& statistic : config.statistics) {
        const Estimated a = estimate_statistic(*pm, statistic, prev->ci_confidence);
        const Estimated b = estimate_statistic(m, statistic, cur.ci_confidence);
        if (!std::isfinite(a.value) || !std::isfinite(b.value)) continue;
        if (!std::isfinite(a.se) || !std::isfinite(b.se)) {
          lacking.insert(statistic);
          continue;
        }
        d.changes.push_back(StatisticChange{study_key(cur), m.name, statistic, a.value, b.value, kNotANumber, cause});
        combined_se.push_back(std::sqrt(a.se * a.se + b.se * b.se));
      }
    }
    for (const std::string& statistic : lacking) ++unknown_noise[statistic];
  }
  for (const StudyResults& prev : previous.studies) {
    const bool kept = std::any_of(current.studies.begin(), current.studies.end(),
                                  [&](const StudyResults& s) { return study_key(s) == study_key(prev); });
    if (!kept) d.only_previous.push_back(study_key(prev));
  }
  for (const auto& [statistic, studies] : unknown_noise) {
    d.not_compared.push_back(fmt::format("{} ({} {})", statistic, studies, studies == 1 ? "study" : "studies"));
  }
  // Bonferroni: each comparison at 1 - (1 - confidence) / m, so that the
  // chance of flagging noise anywhere in the night is at most 1 - confidence.
  const double m = static_cast<double>(std::max<std::size_t>(d.changes.size(), 1));
  d.z = det_normal_quantile(1.0 - (1.0 - config.confidence) / (2.0 * m));
  for (std::size_t i = 0; i < d.changes.size(); ++i) {
    StatisticChange& c = d.changes[i];
    c.noise = d.z * combined_se[i];
    c.moved = std::fabs(c.change()) > c.noise;
    c.flagged = c.moved && std::fabs(c.relative()) > config.relative_threshold;
  }
  d.groups = group_by_cause(d.changes);
  return d;
}

std::string night_diff_markdown(const NightDiff& d) {
  std::string out = fmt::format("## Night-to-night comparison\n\nPrevious night: `{}`  \nThis night: `{}`\n\n",
                                d.previous_folder, d.current_folder);
  const std::size_t studies = matched_studies(d);
  out += fmt::format(
      "{} numbers compared in {} studies. A change is flagged when it exceeds both the Monte Carlo noise ({:.2f} "
      "standard errors of the difference, so that the chance of flagging noise anywhere in the night is at most "
      "{}) and {} of the previous value.\n\n",
      d.changes.size(), studies, d.z, format_percent(1.0 - d.confidence), format_percent(d.relative_threshold));
  if (d.reproducibility_failure()) {
    const CauseGroup& g = d.groups.front();
    out += fmt::format(
        "**Reproducibility failure**: {} {} moved beyond the Monte Carlo noise in {} {} whose inputs did not change "
        "(same model file, code version, sizes and seed). With the same inputs the engine gives the same numbers on "
        "every backend and machine, so this is a fault in the engine or the machine, not a change in risk.\n\n",
        g.changes.size(), g.changes.size() == 1 ? "number" : "numbers", g.studies.size(),
        g.studies.size() == 1 ? "study" : "studies");
  }
  if (d.flagged_increases() > 0) {
    out += fmt::format("**Risk increased**: {} flagged {}.\n\n", d.flagged_increases(),
                       d.flagged_increases() == 1 ? "increase" : "increases");
  } else {
    out += "**No flagged increase.**\n\n";
  }
  if (d.flagged_decreases() > 0) out += fmt::format("Risk decreased: {} flagged decreases.\n\n", d.flagged_decreases());

  if (!d.groups.empty()) {
    out += "### Changes by cause\n\n";
    for (const CauseGroup& g : d.groups) {
      out += cause_summary(g, d.changes) + "\n\n";
      out += fmt::format("<details><summary>the {} {}</summary>\n\n{}", g.changes.size(),
                         g.changes.size() == 1 ? "change" : "changes", kChangeHeader);
      for (const std::size_t i : g.changes) out += change_row(d.changes[i]);
      out += "\n</details>\n\n";
    }
  }

  out += "### What changed between the nights\n\n";
  if (d.manifest_changes.empty()) {
    out += "Nothing in the run manifests: same model files, code version, sizes, seeds and machine.\n\n";
  } else {
    out += "| what | previous | this night | where |\n|---|---|---|---|\n";
    for (const ManifestChange& c : d.manifest_changes) {
      out += fmt::format("| {} | {} | {} | {} |\n", c.key, c.previous, c.current, where(c.studies, studies));
    }
    out += "\n";
  }

  std::vector<const StatisticChange*> unflagged;
  for (const StatisticChange& c : d.changes) {
    if (!c.flagged) unflagged.push_back(&c);
  }
  std::stable_sort(unflagged.begin(), unflagged.end(), [](const StatisticChange* a, const StatisticChange* b) {
    return std::fabs(a->relative()) > std::fabs(b->relative());
  });
  std::size_t listed = 0;
  std::string context;
  for (const StatisticChange* c : unflagged) {
    if (c->change() == 0.0 || listed == kLargestUnflaggedListed) break;
    context += change_row(*c);
    ++listed;
  }
  if (!context.empty())
    out += "### Largest changes not flagged (within the noise or the threshold)\n\n" + std::string(kChangeHeader) +
           context + "\n";
  if (!d.not_compared.empty()) {
    out += fmt::format("Not compared, for want of a confidence interval in the results: {}.\n\n",
                       fmt::join(d.not_compared, ", "));
  }
  if (!d.only_previous.empty())
    out += fmt::format("Only in the previous night: {}.\n\n", fmt::join(d.only_previous, "; "));
  if (!d.only_current.empty()) out += fmt::format("Only in this night: {}.\n\n", fmt::join(d.only_current, "; "));
  return out;
}

json::value night_diff_json(const NightDiff& d) {
  json::array flagged;
  for (const StatisticChange& c : d.changes) {
    if (!c.flagged) continue;
    flagged.push_back(json::object{{"study", c.study},
                                   {"metric", c.metric},
                                   {"statistic", c.statistic},
                                   {"previous", json_number(c.previous)},
                                   {"current", json_number(c.current)},
                                   {"noise", json_number(c.noise)},
                                   {"cause", c.cause}});
  }
  json::array groups;
  for (const CauseGroup& g : d.groups) {
    json::array studies;
    for (const std::string& s : g.studies) studies.push_back(json::value(s));
    groups.push_back(json::object{{"cause", g.cause},
                                  {"reproducibility_failure", g.reproducibility_failure()},
                                  {"studies", std::move(studies)},
                                  {"changes", g.changes.size()},
                                  {"summary", cause_summary(g, d.changes)}});
  }
  json::array manifest;
  for (const ManifestChange& c : d.manifest_changes) {
    json::array studies;
    for (const std::string& s : c.studies) studies.push_back(json::value(s));
    manifest.push_back(json::object{
        {"key", c.key}, {"previous", c.previous}, {"current", c.current}, {"studies", std::move(studies)}});
  }
  const auto strings = [](const std::vector<std::string>& v) {
    json::array a;
    for (const std::string& s : v) a.push_back(json::value(s));
    return a;
  };
  return json::object{{"format", "chokepoint-night-diff/1"},
                      {"previous", d.previous_folder},
                      {"current", d.current_folder},
                      {"status", d.reproducibility_failure() ? "reproducibility_failure"
                                 : d.flagged_increases() > 0 ? "risk_increased"
                                                             : "no_flagged_increase"},
                      {"exit_status", d.exit_status()},
                      {"comparisons", d.changes.size()},
                      {"flagged_increases", d.flagged_increases()},
                      {"flagged_decreases", d.flagged_decreases()},
                      {"reproducibility_failure", d.reproducibility_failure()},
                      {"z", json_number(d.z)},
                      {"relative_threshold", d.relative_threshold},
                      {"confidence", d.confidence},
                      {"flagged", std::move(flagged)},
                      {"groups", std::move(groups)},
                      {"manifest_changes", std::move(manifest)},
                      {"not_compared", strings(d.not_compared)},
                      {"only_previous", strings(d.only_previous)},
                      {"only_current", strings(d.only_current)}};
}

}  // namespace chokepoint::nightly
