// The worst scenarios of the primary study, and the timelines of the
// first few re-simulated week by week.
#include <fmt/format.h>

#include <cmath>

#include "diagnostics.hh"
#include "html_sections.hh"
#include "html_table.hh"
#include "number_format.hh"

namespace chokepoint::report {

namespace {

/// "calm (weeks 0–11), crisis (weeks 12–51)".
std::string regime_runs(const std::vector<std::string>& regime) {
  std::string out;
  for (std::size_t begin = 0; begin < regime.size();) {
    std::size_t end = begin;
    while (end + 1 < regime.size() && regime[end + 1] == regime[begin]) ++end;
    out += fmt::format("{}{} (weeks {}–{})", out.empty() ? "" : ", ", regime[begin], begin, end);
    begin = end + 1;
  }
  return out;
}

std::string replay_command(const std::string& model_path, const StudyResults& s, std::uint64_t scenario) {
  std::string cmd = fmt::format("chokepoint replay {} --scenario {} --seed {}", model_path, scenario, s.seed);
  if (!s.policy.empty()) cmd += " --policy " + s.policy;
  if (!s.stress_test.empty()) cmd += " --stress " + s.stress_test;
  return cmd;
}

std::string timeline_html(const SectionContext& c, const ScenarioTimeline& t, std::size_t rank) {
  const std::string& path = c.group.model_file.path;
  std::string html = fmt::format("<div class=\"timeline\"><h4>#{}: scenario {}, loss {} {}</h4>\n", rank, t.scenario,
                                 escape_html(format_amount(t.loss_total)), escape_html(c.primary.value_unit));
  if (!(std::fabs(t.replayed_loss_total - t.loss_total) <= 1e-9 * std::fabs(t.loss_total))) {
    html +=
        note(fmt::format("The replay gives a loss of {}, the results {}: the engine has changed since the run, "
                         "so this timeline may not be the scenario's story.",
                         format_amount(t.replayed_loss_total), format_amount(t.loss_total)));
  }
  html += fmt::format("<p>Regime: {}. Replay it with <code>{}</code>.</p>\n", escape_html(regime_runs(t.regime)),
                      escape_html(replay_command(path, c.primary, t.scenario)));
  html += "<div class=\"charts\">";
  html += c.charts.figure(weekly_loss_chart(t, c.primary.value_unit),
                          fmt::format("Scenario {}: value lost per week, by sector.", t.scenario));
  if (t.events.empty()) {
    html += "<figure>" + note("No event started in this scenario: demand alone caused the loss.") + "</figure>";
  } else {
    html += c.charts.figure(event_chart(t),
                            fmt::format("Scenario {}: events, active (dark) and recovering (light).", t.scenario));
  }
  html += "</div></div>\n";
  return html;
}

}  // namespace

Section worst_section(const SectionContext& c, std::size_t timelines) {
  const StudyResults& p = c.primary;
  const std::vector<std::string> sectors = p.sectors();
  std::vector<std::string> headings = {"rank", "scenario", "total loss"};
  for (const std::string& s : sectors) headings.push_back(s);
  headings.push_back("events started");
  HtmlTable table("worst");
  table.columns(headings);
  for (std::size_t i = 0; i < p.worst.size(); ++i) {
    const WorstScenarioResult& w = p.worst[i];
    std::vector<HtmlCell> row = {count_cell(i + 1), count_cell(w.scenario), amount_cell(w.loss_total)};
    for (const std::string& sector : sectors) {
      double loss = kNotANumber;
      for (const auto& [name, value] : w.sector_loss) {
        if (name == sector) loss = value;
      }
      row.push_back(amount_cell(loss));
    }
    std::string events;
    for (const auto& [event, starts] : w.event_starts) {
      events +=
          fmt::format("{}{}{}", events.empty() ? "" : ", ", event, starts > 1 ? fmt::format(" ×{:g}", starts) : "");
    }
    row.push_back(text_cell(events.empty() ? "none" : events));
    table.row(std::move(row));
  }
  std::string html = fmt::format(
      "<p>The {} largest total losses of the {}, and the week-by-week story of the worst "
      "{}: re-simulated from the scenario file with the same random draws.{}</p>\n",
      p.worst.size(), escape_html(p.variant_name()), std::min(timelines, p.worst.size()),
      escape_html(amounts_in(p.value_unit)));
  html += table.html();
  if (timelines > 0 && !p.worst.empty()) {
    if (!c.group.model_file.scenario) {
      html += note("Timelines omitted: " + c.group.model_file.problem + ".");
    } else {
      try {
        const std::vector<ScenarioTimeline> replayed = replay_worst_scenarios(c.group.model_file.path, p, timelines);
        for (std::size_t i = 0; i < replayed.size(); ++i) html += timeline_html(c, replayed[i], i + 1);
      } catch (const InputError& e) {  // the file changed between the check and the replay
        html += note(std::string("Timelines omitted: ") + e.what());
      }
    }
  }
  return Section{c.anchor + "-worst", "Worst scenarios", html};
}

}  // namespace chokepoint::report
