#include "study_comparison.hh"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <sstream>

#include "diagnostics.hh"
#include "suggest.hh"

namespace chokepoint {

namespace {

/// The ids named by `spec` ("all", "none", or a comma list) among `known`.
std::vector<std::string> pick(const std::string& spec, const std::vector<std::string>& known, const char* what,
                              const std::string& file) {
  if (spec == "all") return known;
  if (spec == "none" || spec.empty()) return {};
  std::vector<std::string> picked;
  std::stringstream in(spec);
  for (std::string id; std::getline(in, id, ',');) {
    if (std::find(known.begin(), known.end(), id) == known.end()) {
      std::string message = with_suggestion(fmt::format("{}: unknown {} \"{}\"", file, what, id), id, known);
      if (message.find("did you mean") == std::string::npos) {
        message += known.empty() ? fmt::format("; the file defines none") : fmt::format("; known: {}", fmt::join(known, ", "));
      }
      throw InputError(message);
    }
    picked.push_back(id);
  }
  return picked;
}

}  // namespace

ComparisonSelection select_comparison(const LoadedScenario& loaded, const std::string& policies, const std::string& stress) {
  std::vector<std::string> policy_ids;
  for (const Policy& p : loaded.scenario.policies) policy_ids.push_back(p.id);
  std::vector<std::string> stress_ids;
  for (const StressTest& t : loaded.scenario.stress_tests) stress_ids.push_back(t.id);
  const bool none_named = policies.empty() && stress.empty();
  const std::string& file = loaded.doc.path;
  ComparisonSelection selection{pick(none_named ? "all" : policies, policy_ids, "policy", file),
                                pick(none_named ? "all" : stress, stress_ids, "stress test", file)};
  if (selection.policies.empty() && selection.stress_tests.empty()) {
    throw InputError(fmt::format("{}: nothing to compare: no policies or stress tests selected", file));
  }
  return selection;
}

ComparisonOutcome run_comparison(const LoadedScenario& loaded, const ComparisonSelection& selection,
                                 const ComparisonRun& run_one) {
  ComparisonOutcome outcome;
  outcome.baseline = run_one("", "", "baseline");
  const Scenario& s = loaded.scenario;
  for (const std::string& id : selection.policies) {
    const Policy& p = *std::find_if(s.policies.begin(), s.policies.end(), [&](const Policy& x) { return x.id == id; });
    outcome.variants.push_back({"policy", id, p.label, p.annual_cost, "policy-" + id, run_one(id, "", "policy-" + id).stats});
  }
  for (const std::string& id : selection.stress_tests) {
    const StressTest& t = *std::find_if(s.stress_tests.begin(), s.stress_tests.end(), [&](const StressTest& x) { return x.id == id; });
    outcome.variants.push_back({"stress_test", id, t.label, std::nullopt, "stress-" + id, run_one("", id, "stress-" + id).stats});
  }
  outcome.comparisons = compare_variants(outcome.baseline.stats, outcome.variants, outcome.baseline.id.horizon_weeks);
  return outcome;
}

}  // namespace chokepoint
