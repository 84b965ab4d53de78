// index.html of a nightly output folder: every night, newest first, with its
// status and links to its report and comparison.
#pragma once

#include <string>
#include <vector>

namespace chokepoint::nightly {

struct NightSummary {
  std::string name;         // the night's folder name (its UTC start)
  bool has_report = false;  // report.html is there: the night finished
  std::string status;  // "reproducibility failure", "risk increased", "no flagged increase", "first night", "incomplete"
  std::size_t flagged_increases = 0;
  std::size_t studies = 0;       // manifest.json files below results/
  double compute_seconds = 0.0;  // the studies' wall time together
  bool has_diff = false;         // diff.md is there
};

/// The nights in `folder` (subfolders holding results/), newest first.
std::vector<NightSummary> read_nights(const std::string& folder);

std::string night_index_html(const std::vector<NightSummary>& nights);

/// Write `folder`/index.html atomically.
void write_night_index(const std::string& folder);

}  // namespace chokepoint::nightly
