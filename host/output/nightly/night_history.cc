#include "night_history.hh"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json.hpp>
#include <boost/math/distributions/binomial.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "atomic_file.hh"
#include "json_cursor.hh"
#include "json_writer.hh"
#include "study_output.hh"

namespace chokepoint::nightly {

using report::JsonCursor;
using report::read_json_file;
using report::StudyResults;

namespace json = boost::json;

namespace {

constexpr std::string_view kHistoryFormat = "chokepoint-nightly-history/1";
constexpr const char* kHistoryFile = "history.json";

std::string manifest_string(const StudyResults& s, std::string_view key) {
  if (!s.manifest) return "";
  const json::value* v = s.manifest->if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : "";
}

Estimate from(double value, const std::optional<report::Interval>& ci) {
  return ci ? Estimate{value, ci->lo, ci->hi} : Estimate{value};
}

Estimate proportion(double p, std::uint64_t n, double confidence) {
  if (!std::isfinite(p) || n == 0) return {};
  using boost::math::binomial_distribution;
  const auto trials = static_cast<double>(n);
  const double successes = std::round(p * trials);
  const double tail = (1.0 - confidence) / 2.0;
  return {p, binomial_distribution<>::find_lower_bound_on_p(trials, successes, tail),
          binomial_distribution<>::find_upper_bound_on_p(trials, successes, tail)};
}

/// The baselines of a night: NIGHT/results/MODEL/baseline/ (chokepoint compare's layout).
std::vector<ModelHeadline> read_baselines(const std::filesystem::path& results) {
  std::vector<std::string> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(results)) {
    if (std::filesystem::exists(entry.path() / "baseline" / "results.json")) {
      dirs.push_back((entry.path() / "baseline").string());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<ModelHeadline> out;
  for (const std::string& dir : dirs) out.push_back(read_headline(report::read_study_results(dir)));
  return out;
}

NightSummary summarize_night(const std::filesystem::path& dir) {
  NightSummary n;
  n.name = dir.filename().string();
  n.kept = true;
  n.has_report = std::filesystem::exists(dir / "report.html");
  n.has_diff = std::filesystem::exists(dir / "diff.md");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "results")) {
    if (!entry.is_regular_file() || entry.path().filename() != "manifest.json") continue;
    ++n.studies;
    const JsonCursor manifest = read_json_file(entry.path().string());
    if (const auto wall = manifest.find("wall_seconds")) n.compute_seconds += wall->number();
  }
  n.models = read_baselines(dir / "results");
  const std::filesystem::path diff = dir / "diff.json";
  if (!n.has_report) {
    n.status = "incomplete";
  } else if (!std::filesystem::exists(diff)) {
    n.status = "first night";
  } else {
    const JsonCursor d = read_json_file(diff.string());
    n.flagged_increases = d["flagged_increases"].whole_number();
    const auto failure = d.find("reproducibility_failure");
    if (failure && failure->boolean()) {
      n.status = "reproducibility failure";
    } else {
      n.status = n.flagged_increases > 0 ? "risk increased" : "no flagged increase";
    }
  }
  return n;
}

json::value estimate_json(const Estimate& e) {
  return json::array{json_number(e.value), json_number(e.lo), json_number(e.hi)};
}

Estimate read_estimate(const JsonCursor& c) {
  const std::vector<JsonCursor> items = c.items();
  if (items.size() != 3) c.fail("expected [value, lo, hi]");
  return {items[0].number(), items[1].number(), items[2].number()};
}

ModelHeadline read_model(const JsonCursor& c) {
  ModelHeadline m;
  m.model = c["model"].string();
  m.unit = c["unit"].string();
  m.scenarios = c["scenarios"].whole_number();
  m.seed = c["seed"].whole_number();
  m.model_sha256 = c["model_sha256"].string();
  m.code_version = c["code_version"].string();
  m.machine_class = c["machine_class"].string();
  m.mean = read_estimate(c["mean"]);
  m.cvar99 = read_estimate(c["cvar99"]);
  m.p_positive = read_estimate(c["p_positive"]);
  return m;
}

/// The nights history.json remembers (none when there is no file yet).
std::vector<NightSummary> read_history_file(const std::filesystem::path& path) {
  std::vector<NightSummary> nights;
  if (!std::filesystem::exists(path)) return nights;
  const JsonCursor root = read_json_file(path.string());
  if (root["format"].string() != kHistoryFormat) {
    root["format"].fail(fmt::format("expected \"{}\"", kHistoryFormat));
  }
  for (const JsonCursor& c : root["nights"].items()) {
    NightSummary n;
    n.name = c["name"].string();
    n.status = c["status"].string();
    n.flagged_increases = c["flagged_increases"].whole_number();
    n.studies = c["studies"].whole_number();
    n.compute_seconds = c["compute_seconds"].number();
    for (const JsonCursor& m : c["models"].items()) n.models.push_back(read_model(m));
    nights.push_back(std::move(n));
  }
  return nights;
}

}  // namespace

ModelHeadline read_headline(const StudyResults& baseline) {
  ModelHeadline h;
  h.model = baseline.model;
  h.scenarios = baseline.scenarios;
  h.seed = baseline.seed;
  h.model_sha256 = baseline.model_sha256;
  h.code_version = fmt::format("{} {}", manifest_string(baseline, "version"), manifest_string(baseline, "git_commit"));
  std::string cpu;
  if (baseline.manifest) {
    if (const json::value* hw = baseline.manifest->if_contains("hardware"); hw != nullptr && hw->is_object()) {
      if (const json::value* c = hw->get_object().if_contains("cpu"); c != nullptr && c->is_string()) {
        cpu = std::string(c->get_string());
      }
    }
  }
  h.machine_class = fmt::format("{}, {}", cpu, manifest_string(baseline, "backend"));
  if (const report::MetricResult* m = baseline.metric("loss_total")) {
    h.unit = m->unit;
    h.mean = from(m->mean, m->mean_ci);
    if (const report::LevelEstimate* c = m->cvar_at(0.99)) h.cvar99 = from(c->value, c->ci);
    h.p_positive = proportion(m->p_positive, m->count, baseline.ci_confidence);
  }
  return h;
}

std::vector<std::string> changed_inputs(const ModelHeadline& before, const ModelHeadline& now) {
  std::vector<std::string> out;
  if (before.model_sha256 != now.model_sha256) out.emplace_back("model file");
  if (before.code_version != now.code_version) out.emplace_back("code version");
  if (before.scenarios != now.scenarios) out.emplace_back("sizes");
  if (before.seed != now.seed) out.emplace_back("seed");
  if (before.machine_class != now.machine_class) out.emplace_back("machine class");
  return out;
}

std::vector<NightSummary> read_history(const std::string& folder) {
  const std::filesystem::path root(folder);
  std::map<std::string, NightSummary> by_name;
  for (NightSummary& n : read_history_file(root / kHistoryFile)) by_name[n.name] = std::move(n);
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_directory() && std::filesystem::is_directory(entry.path() / "results")) {
      NightSummary n = summarize_night(entry.path());
      by_name[n.name] = std::move(n);
    }
  }
  std::vector<NightSummary> nights;
  for (auto it = by_name.rbegin(); it != by_name.rend(); ++it) nights.push_back(std::move(it->second));
  return nights;
}

void write_history(const std::string& folder, const std::vector<NightSummary>& nights) {
  json::array list;
  for (const NightSummary& n : nights) {
    json::array models;
    for (const ModelHeadline& m : n.models) {
      models.push_back(json::object{{"model", m.model},
                                    {"unit", m.unit},
                                    {"scenarios", m.scenarios},
                                    {"seed", m.seed},
                                    {"model_sha256", m.model_sha256},
                                    {"code_version", m.code_version},
                                    {"machine_class", m.machine_class},
                                    {"mean", estimate_json(m.mean)},
                                    {"cvar99", estimate_json(m.cvar99)},
                                    {"p_positive", estimate_json(m.p_positive)}});
    }
    list.push_back(json::object{{"name", n.name},
                                {"status", n.status},
                                {"flagged_increases", n.flagged_increases},
                                {"studies", n.studies},
                                {"compute_seconds", n.compute_seconds},
                                {"models", std::move(models)}});
  }
  const json::value doc = json::object{{"format", kHistoryFormat}, {"nights", std::move(list)}};
  write_file_atomically((std::filesystem::path(folder) / kHistoryFile).string(), to_pretty_json(doc));
}

void prune_nights(const std::string& folder, std::vector<NightSummary>& nights, std::size_t keep) {
  std::size_t kept = 0;
  for (NightSummary& n : nights) {  // newest first
    if (!n.kept || ++kept <= keep) continue;
    std::filesystem::remove_all(std::filesystem::path(folder) / n.name);
    n.kept = false;
    n.has_report = false;
    n.has_diff = false;
  }
}

std::string history_csv(const std::vector<NightSummary>& nights) {
  std::string out =
      "night,status,model,unit,scenarios,seed,model_sha256,code_version,machine_class,inputs_changed,"
      "mean,mean_lo,mean_hi,cvar99,cvar99_lo,cvar99_hi,p_positive,p_positive_lo,p_positive_hi\n";
  std::map<std::string, const ModelHeadline*> previous;  // model -> its latest night so far
  for (auto n = nights.rbegin(); n != nights.rend(); ++n) {
    for (const ModelHeadline& m : n->models) {
      const auto before = previous.find(m.model);
      const std::string changed =
          before == previous.end() ? "" : fmt::format("{}", fmt::join(changed_inputs(*before->second, m), "; "));
      out += fmt::format("{},{},{},{},{},{},{},{},{},{}", csv_field(n->name), csv_field(n->status), csv_field(m.model),
                         csv_field(m.unit), m.scenarios, m.seed, m.model_sha256, csv_field(m.code_version),
                         csv_field(m.machine_class), csv_field(changed));
      for (const Estimate* e : {&m.mean, &m.cvar99, &m.p_positive}) {
        out += fmt::format(",{},{},{}", csv_number(e->value), csv_number(e->lo), csv_number(e->hi));
      }
      out += "\n";
      previous[m.model] = &m;
    }
  }
  return out;
}

}  // namespace chokepoint::nightly
