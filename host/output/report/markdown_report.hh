// The report's headline numbers as Markdown, for CI logs and chat.
#pragma once

#include <string>
#include <vector>

#include "report_input.hh"

namespace chokepoint::report {

/// Per model: the primary study's losses (total and per sector) with their
/// confidence intervals, then every stress test and policy against it.
std::string markdown_report(const std::vector<ModelGroup>& groups);

}  // namespace chokepoint::report
