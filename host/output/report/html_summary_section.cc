// The summary that opens each model: memo_summary's sentences, each number
// in a span that says exactly which value it is and where it was read
// (the browser test compares them with the files), each sentence linked to
// its section.
#include <fmt/format.h>

#include "html_sections.hh"
#include "html_table.hh"
#include "memo_summary.hh"

namespace chokepoint::report {

Section summary_section(const SectionContext& c) {
  Section section{c.anchor + "-summary", "Summary", ""};
  const std::vector<SummarySentence> sentences = memo_summary(c.group);
  if (sentences.empty()) return section;
  std::string html = "<ul class=\"summary\">\n";
  for (const SummarySentence& s : sentences) {
    html += "<li>";
    for (const SummaryPart& part : s.parts) {
      if (!part.is_number) {
        html += escape_html(part.text);
        continue;
      }
      html += fmt::format("<span class=\"figure\" data-value=\"{}\"{}>{}</span>", exact_number(part.value),
                          part.source.empty() ? "" : " data-source=\"" + escape_html(part.source) + "\"",
                          escape_html(part.text));
    }
    html += fmt::format(" <a class=\"more\" href=\"#{}-{}\">{} ↓</a></li>\n", c.anchor, s.section,
                        escape_html(s.section_title));
  }
  html += "</ul>\n";
  html += note(
      "Intervals are 95% confidence intervals of the Monte Carlo estimate (aleatory: the scenarios) unless called "
      "an epistemic band (the spread across uncertain assumptions). A difference whose interval includes zero is "
      "not claimed.");
  section.html = html;
  return section;
}

}  // namespace chokepoint::report
