// Files inlined into every HTML report, compiled into the program so that a
// report needs nothing at run time: Chart.js (Debian's libjs-chart.js, found
// when CMake configures) and the report's own script and stylesheet.
#pragma once

#include <string>
#include <string_view>

namespace chokepoint::report {

std::string_view chart_js_text();
std::string_view report_script_text();
std::string_view report_style_text();

/// "3.9.1", read from Chart.js's banner ("" if it has none).
std::string chart_js_version();

}  // namespace chokepoint::report
