#include "worst_timelines.hh"

#include <algorithm>

#include "metric_layout.hh"
#include "model_selection.hh"
#include "replay.hh"

namespace chokepoint::report {

std::vector<EventSpan> event_spans(const std::vector<std::string>& ids, const std::vector<std::string>& labels,
                                   const std::vector<std::vector<double>>& profile,
                                   const std::vector<std::vector<bool>>& started) {
  std::vector<EventSpan> spans;
  for (std::size_t e = 0; e < ids.size(); ++e) {
    bool open = false;
    EventSpan span;
    for (std::size_t t = 0; t < profile.size(); ++t) {
      const auto week = static_cast<std::int32_t>(t);
      const double p = profile[t][e];
      if (started[t][e]) {  // a start while running (a forced one) begins a new span
        if (open) spans.push_back(span);
        span = EventSpan{ids[e], labels[e], week, week, week};
        open = true;
      } else if (open && p <= 0.0) {
        spans.push_back(span);
        open = false;
      }
      if (!open) continue;
      if (p >= 1.0) span.active_end = week;
      if (p > 0.0) span.recovery_end = week;
    }
    if (open) spans.push_back(span);
  }
  std::stable_sort(spans.begin(), spans.end(),
                   [](const EventSpan& a, const EventSpan& b) { return a.start < b.start; });
  return spans;
}

std::vector<ScenarioTimeline> replay_worst_scenarios(const std::string& model_path, const StudyResults& study,
                                                     std::size_t count) {
  const auto selected = select_model(model_path, study.policy, study.stress_test, study.importance);
  const Scenario& s = selected->scenario;
  std::vector<std::string> ids, labels;
  for (const Event& e : s.events) {
    ids.push_back(e.id);
    labels.push_back(e.label.empty() ? e.id : e.label);
  }
  std::vector<ScenarioTimeline> out;
  for (std::size_t i = 0; i < study.worst.size() && i < count; ++i) {
    const WorstScenarioResult& worst = study.worst[i];
    const Trace trace = replay_scenario(selected->model, study.seed, worst.scenario);
    ScenarioTimeline t;
    t.scenario = worst.scenario;
    t.loss_total = worst.loss_total;
    t.sectors = selected->model.sectors();
    t.weekly_loss.assign(t.sectors.size(), {});
    std::vector<std::vector<double>> profile;
    std::vector<std::vector<bool>> started;
    for (const WeekRecord& w : trace.weeks) {
      for (std::size_t k = 0; k < t.sectors.size(); ++k) t.weekly_loss[k].push_back(w.sector_loss[k]);
      t.regime.push_back(s.regimes.states[static_cast<std::size_t>(w.regime)]);
      profile.push_back(w.event_profile);
      started.push_back(w.event_started);
    }
    t.replayed_loss_total = trace.outputs[MetricLayout::loss_total];
    t.events = event_spans(ids, labels, profile, started);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace chokepoint::report
