#include "night_changes.hh"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "number_format.hh"

namespace chokepoint::nightly {

namespace {

std::string signed_percent(double r) { return (r > 0 ? "+" : "") + format_percent(r); }

/// "loss_total mean +248% (interval +240% to +256%) in MODEL: baseline": the
/// change with its noise band, relative to the previous value when it is not 0.
std::string headline(const StatisticChange& c) {
  const double lo = c.change() - c.noise;
  const double hi = c.change() + c.noise;
  std::string size;
  if (c.previous == 0.0) {
    size = fmt::format("from 0 to {} (interval of the change {} to {})", format_amount(c.current), format_amount(lo),
                       format_amount(hi));
  } else {
    const double scale = std::fabs(c.previous);
    size = fmt::format("{} (interval {} to {})", signed_percent(c.relative()), signed_percent(lo / scale),
                       signed_percent(hi / scale));
  }
  return fmt::format("{} {} {} in {}", c.metric, c.statistic, size, c.study);
}

bool is_loss_total_mean(const StatisticChange& c) { return c.metric == "loss_total" && c.statistic == "mean"; }

}  // namespace

double StatisticChange::relative() const {
  if (previous == 0.0) return current == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return change() / std::fabs(previous);
}

InputKind input_kind(const std::string& key) {
  if (key == "model_sha256") return InputKind::model;
  if (key == "tool" || key == "version" || key == "git_commit") return InputKind::code;
  if (key == "scenarios" || key == "seed") return InputKind::sizes;
  if (key == "backend" || key == "backend_description" || key == "model_file" || key.starts_with("hardware.")) {
    return InputKind::neutral;
  }
  return InputKind::other;
}

std::string change_cause(const std::vector<MemberChange>& members, const std::string& model_file) {
  bool model = false;
  std::vector<std::string> code, sizes, other;
  for (const MemberChange& m : members) {
    const std::string was = fmt::format("{} {} → {}", m.key, m.previous, m.current);
    switch (input_kind(m.key)) {
      case InputKind::model: model = true; break;
      case InputKind::code: code.push_back(was); break;
      case InputKind::sizes: sizes.push_back(was); break;
      case InputKind::neutral: break;
      case InputKind::other: other.push_back(fmt::format("{} changed ({} → {})", m.key, m.previous, m.current)); break;
    }
  }
  std::vector<std::string> parts;
  if (model) parts.push_back(std::filesystem::path(model_file).filename().string() + " changed");
  if (!code.empty()) parts.push_back(fmt::format("code version changed ({})", fmt::join(code, ", ")));
  if (!sizes.empty()) parts.push_back(fmt::format("sizes or seed changed ({})", fmt::join(sizes, ", ")));
  parts.insert(parts.end(), other.begin(), other.end());
  return fmt::format("{}", fmt::join(parts, " and "));
}

std::vector<CauseGroup> group_by_cause(const std::vector<StatisticChange>& changes) {
  std::vector<CauseGroup> groups;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const StatisticChange& c = changes[i];
    if (!(c.cause.empty() ? c.moved : c.flagged)) continue;
    auto g = std::find_if(groups.begin(), groups.end(), [&](const CauseGroup& x) { return x.cause == c.cause; });
    if (g == groups.end()) g = groups.insert(groups.end(), CauseGroup{c.cause, {}, {}});
    if (std::find(g->studies.begin(), g->studies.end(), c.study) == g->studies.end()) g->studies.push_back(c.study);
    g->changes.push_back(i);
  }
  for (CauseGroup& g : groups) {
    std::stable_sort(g.changes.begin(), g.changes.end(), [&](std::size_t a, std::size_t b) {
      const StatisticChange& x = changes[a];
      const StatisticChange& y = changes[b];
      if (is_loss_total_mean(x) != is_loss_total_mean(y)) return is_loss_total_mean(x);
      return std::fabs(x.relative()) > std::fabs(y.relative());
    });
  }
  std::stable_partition(groups.begin(), groups.end(), [](const CauseGroup& g) { return g.reproducibility_failure(); });
  return groups;
}

std::string cause_summary(const CauseGroup& group, const std::vector<StatisticChange>& changes) {
  std::size_t up = 0;
  for (const std::size_t i : group.changes) up += changes[i].change() > 0 ? 1 : 0;
  const std::size_t down = group.changes.size() - up;
  std::vector<std::string> directions;
  if (up > 0) directions.push_back(fmt::format("{} up", up));
  if (down > 0) directions.push_back(fmt::format("{} down", down));
  return fmt::format("{}: {} {}, {} {} ({}); {}", group.reproducibility_failure() ? "nothing changed" : group.cause,
                     group.studies.size(), group.studies.size() == 1 ? "study" : "studies", group.changes.size(),
                     group.reproducibility_failure() ? "moved beyond the noise" : "flagged",
                     fmt::join(directions, ", "), headline(changes[group.changes.front()]));
}

}  // namespace chokepoint::nightly
