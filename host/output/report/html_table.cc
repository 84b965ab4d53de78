#include "html_table.hh"

#include <fmt/format.h>

#include <cmath>

#include "number_format.hh"

namespace chokepoint::report {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string exact_number(double value) { return std::isfinite(value) ? fmt::format("{}", value) : ""; }

HtmlCell text_cell(std::string_view text) { return HtmlCell{escape_html(text), std::string(text), false}; }

HtmlCell html_cell(std::string html, std::string_view sort_text) {
  return HtmlCell{std::move(html), std::string(sort_text), false};
}

HtmlCell amount_cell(double value) { return HtmlCell{escape_html(format_amount(value)), exact_number(value), true}; }

HtmlCell amount_ci_cell(double value, const std::optional<Interval>& ci) {
  const std::string interval = ci ? fmt::format("{} – {}", format_amount(ci->lo), format_amount(ci->hi)) : "CI n/a";
  return HtmlCell{
      fmt::format("{}<span class=\"ci\">{}</span>", escape_html(format_amount(value)), escape_html(interval)),
      exact_number(value), true};
}

HtmlCell percent_cell(double fraction) {
  return HtmlCell{escape_html(format_percent(fraction)), exact_number(fraction), true};
}

HtmlCell count_cell(unsigned long long n) { return HtmlCell{format_count(n), std::to_string(n), true}; }

HtmlTable::HtmlTable(std::string css_class) : css_class_(std::move(css_class)) {}

void HtmlTable::columns(std::vector<std::string> headings, std::vector<std::string> titles) {
  headings_ = std::move(headings);
  titles_ = std::move(titles);
}

void HtmlTable::row(std::vector<HtmlCell> cells) { rows_.push_back(std::move(cells)); }

std::string HtmlTable::html() const {
  std::string out = fmt::format("<div class=\"table-wrap\"><table class=\"sortable{}{}\">\n<thead><tr>",
                                css_class_.empty() ? "" : " ", css_class_);
  for (std::size_t i = 0; i < headings_.size(); ++i) {
    const bool numeric = !rows_.empty() && i < rows_.front().size() && rows_.front()[i].numeric;
    out += fmt::format("<th scope=\"col\"{}{}>{}</th>", numeric ? " class=\"num\"" : "",
                       i < titles_.size() && !titles_[i].empty() ? " title=\"" + escape_html(titles_[i]) + "\"" : "",
                       escape_html(headings_[i]));
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows_) {
    out += "<tr>";
    for (const HtmlCell& cell : row) {
      out += fmt::format("<td{} data-sort=\"{}\">{}</td>", cell.numeric ? " class=\"num\"" : "",
                         escape_html(cell.sort_key), cell.html);
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  return out;
}

}  // namespace chokepoint::report
