// The HTML report: one self-contained file (script, styles, Chart.js and
// data inline; nothing fetched) over one or more results folders.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report_input.hh"

namespace chokepoint::report {

struct ReportOptions {
  std::size_t timelines = 3;  // worst scenarios re-simulated per model
  std::string generated_utc;  // shown in the header
  /// For printing (the PDF): folded tables open, for a reader who cannot click.
  bool for_print = false;
};

std::string html_report(const std::vector<ModelGroup>& groups, const ReportOptions& options);

}  // namespace chokepoint::report
