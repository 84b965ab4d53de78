// The sections of one model in the HTML report; html_report.cc puts them
// in order under the model's heading and lists them in the contents.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "chart_specs.hh"
#include "report_input.hh"

namespace chokepoint::report {

struct SectionContext {
  const ModelGroup& group;
  const StudyResults& primary;  // the baseline, or the first study when there is none
  std::string anchor;           // prefix of element ids for this model
  ChartSet& charts;
};

struct Section {
  std::string id;     // element id
  std::string title;  // heading and contents entry
  std::string html;   // "" when the section has nothing to show
};

Section summary_section(const SectionContext& c);
Section headline_section(const SectionContext& c);
Section distribution_section(const SectionContext& c);
Section shortfall_section(const SectionContext& c);
Section tail_section(const SectionContext& c);
Section policy_section(const SectionContext& c);
Section stress_section(const SectionContext& c);
Section uncertainty_section(const SectionContext& c);
Section worst_section(const SectionContext& c, std::size_t timelines);
Section runs_section(const SectionContext& c);

/// " (UNIT)", or "" without a unit.
std::string unit_suffix(const std::string& unit);
/// " Amounts in UNIT.", or "" without a unit: for the text above a table.
std::string amounts_in(const std::string& unit);
/// A paragraph of class "note" (escaped).
std::string note(const std::string& text);

}  // namespace chokepoint::report
