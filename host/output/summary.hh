// The readable summary of a study printed after `chokepoint run`.
#pragma once

#include <string>

#include "study_output.hh"
#include "study_statistics.hh"

namespace chokepoint {

std::string format_summary(const StudyIdentity& id, const StudyStatistics& stats, const RunRecord& run,
                           const std::string& out_dir);

}  // namespace chokepoint
