#include "report_assets.hh"

#include <regex>

namespace chokepoint::report {

std::string chart_js_version() {
  static const std::regex banner(R"(Chart\.js v([0-9][0-9.]*))");
  const std::string_view text = chart_js_text().substr(0, 400);
  std::match_results<std::string_view::const_iterator> match;
  return std::regex_search(text.begin(), text.end(), match, banner) ? match[1].str() : "";
}

}  // namespace chokepoint::report
