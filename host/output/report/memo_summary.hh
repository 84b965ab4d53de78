// The report's opening summary: a few plain sentences a decision maker reads
// first, each number with its interval and a link to the section that
// explains it. Built once, written as HTML (html_summary_section.cc) and as
// Markdown (markdown_report.cc).
#pragma once

#include <string>
#include <vector>

#include "report_input.hh"

namespace chokepoint::report {

/// Text, or a number shown as `text` that is `value` exactly.
struct SummaryPart {
  std::string text;
  bool is_number = false;
  double value = kNotANumber;
  /// Where the number is written: "FILE#/json/pointer" (FILE a results.json,
  /// comparison.json or uncertainty.json); "" for a number the report derives.
  std::string source;
};

struct SummarySentence {
  std::vector<SummaryPart> parts;
  std::string section;        // suffix of the section's id: "headline", "policies", ...
  std::string section_title;  // its heading, the link's text

  /// The sentence as plain text.
  [[nodiscard]] std::string text() const;
};

/// The sentences for one model: expected loss and the 1-in-100 (and
/// 1-in-1000 where the scenarios resolve it) loss; the sectors and events
/// that carry the tail; the best policies per unit of cost with their paired
/// intervals (and their probability of being best when an uncertainty study
/// is given); the worst stress test; the epistemic band. No sentence claims
/// a difference whose interval includes zero.
std::vector<SummarySentence> memo_summary(const ModelGroup& group);

}  // namespace chokepoint::report
