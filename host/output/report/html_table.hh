// HTML text for reports: escaping, and tables whose columns the reader can
// sort (the report's script sorts by each cell's data-sort value).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "study_results.hh"

namespace chokepoint::report {

/// Text made safe for HTML content and attribute values.
std::string escape_html(std::string_view text);

/// A table cell: its HTML and the key it sorts by.
struct HtmlCell {
  std::string html;
  std::string sort_key;  // a number written in full for numeric cells ("" sorts last)
  bool numeric = false;
};

/// A text cell (escaped).
HtmlCell text_cell(std::string_view text);
/// A cell of trusted HTML that sorts by `sort_text`.
HtmlCell html_cell(std::string html, std::string_view sort_text);
/// A number as format_amount writes it ("n/a" when not finite), sorting by its exact value.
HtmlCell amount_cell(double value);
/// A number with its confidence interval below it ("CI n/a" when absent).
HtmlCell amount_ci_cell(double value, const std::optional<Interval>& ci);
/// A probability as a percentage.
HtmlCell percent_cell(double fraction);
/// A whole number with thousands separators.
HtmlCell count_cell(unsigned long long n);

class HtmlTable {
 public:
  /// `css_class` is added to the table's classes ("sortable" always is).
  explicit HtmlTable(std::string css_class = "");
  /// Column headings (escaped); a heading's `title` explains it on hover.
  void columns(std::vector<std::string> headings, std::vector<std::string> titles = {});
  void row(std::vector<HtmlCell> cells);
  [[nodiscard]] std::string html() const;
  [[nodiscard]] bool empty() const { return rows_.empty(); }

 private:
  std::string css_class_;
  std::vector<std::string> headings_;
  std::vector<std::string> titles_;
  std::vector<std::vector<HtmlCell>> rows_;
};

/// A number written so that it reads back exactly (the data-sort keys and
/// the tests use it): shortest round-trip form.
std::string exact_number(double value);

}  // namespace chokepoint::report
