// index.html of a nightly output folder: per model, trend charts of the
// headline statistics over every night remembered, with their intervals as
// bands and a marker on each night whose inputs changed (linked to its
// comparison); then every night, newest first, with its status and links.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "night_history.hh"

namespace chokepoint::nightly {

/// `nights` newest first (read_history).
std::string night_index_html(const std::vector<NightSummary>& nights);

/// Bring `folder`/history.json up to date with the nights there, delete
/// all but the newest `keep` night folders (their numbers stay in the
/// history), and write `folder`/index.html; each file atomically.
void update_night_index(const std::string& folder, std::optional<std::size_t> keep);

/// host/output/nightly/index.js, compiled in: draws the trend charts.
std::string_view night_index_script_text();

}  // namespace chokepoint::nightly
