// `chokepoint report --format pdf`: the HTML report printed to PDF by
// headless Chromium, the only renderer that draws its charts as a reader's
// browser does. Chromium is looked for, not required: without it the
// command says so and what to do instead.
#pragma once

#include <optional>
#include <string>

namespace chokepoint::report {

/// The Chromium to print with: $CHOKEPOINT_CHROMIUM when set, else the first
/// of chromium, chromium-browser, google-chrome on PATH; nullopt if none.
std::optional<std::string> find_chromium();

/// Print `html` (a whole report) to `pdf_path` on A4 with headless Chromium,
/// offline. Throws OutputError naming what is missing or what failed.
void print_pdf(const std::string& html, const std::string& pdf_path);

}  // namespace chokepoint::report
