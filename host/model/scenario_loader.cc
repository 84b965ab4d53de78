#include "scenario_loader.hh"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "document_check.hh"
#include "factor_points.hh"
#include "json_locator.hh"
#include "policy.hh"
#include "scenario_reader.hh"
#include "scenario_rules.hh"
#include "schema_check.hh"
#include "sha256.hh"
#include "suggest.hh"

namespace chokepoint {

namespace {

/// Longest string or key of a scenario file, in bytes (ids are limited to
/// 100 characters by the schema, names to 200; descriptions need a few hundred).
constexpr std::size_t kMaxStringBytes = 4096;
/// Most JSON values in a scenario file: the largest synthetic model at the
/// node and event limits (chokepoint synth --nodes 10000 --events 2000) has
/// about 270,000.
constexpr std::size_t kMaxValues = 500000;

/// Bounds that protect the schema validator (valijson), checked before it
/// runs: it matches ids with std::regex, whose libstdc++ implementation
/// recurses once per character (a 30,000-character id overflowed the stack),
/// and it records every failure with its path (a 16 MiB file of eight
/// million wrong values took 94 s and 4.7 GB to refuse).
void check_bounds(const boost::json::value& v, std::string& pointer, std::size_t& values, Diagnostics& diags) {
  ++values;
  const std::size_t length = pointer.size();
  if (v.is_string() && v.get_string().size() > kMaxStringBytes) {
    diags.error(pointer, fmt::format("string is {} bytes long; strings are limited to {} bytes", v.get_string().size(),
                                     kMaxStringBytes));
  } else if (v.is_object()) {
    for (const auto& member : v.get_object()) {
      if (member.key().size() > kMaxStringBytes) {
        // Reported at the object: a pointer holding the key would repeat all of it.
        diags.error(pointer, fmt::format("has a key of {} bytes (\"{}...\"); keys are limited to {} bytes",
                                         member.key().size(), member.key().substr(0, 20), kMaxStringBytes));
        continue;
      }
      pointer += '/';
      pointer += pointer_token(member.key());
      check_bounds(member.value(), pointer, values, diags);
      pointer.resize(length);
    }
  } else if (v.is_array()) {
    std::size_t i = 0;
    for (const auto& item : v.get_array()) {
      pointer += '/';
      pointer += std::to_string(i++);
      check_bounds(item, pointer, values, diags);
      pointer.resize(length);
    }
  }
}

}  // namespace

std::optional<Scenario> check_scenario_document(const boost::json::value& doc, Diagnostics& diags) {
  std::string pointer;
  std::size_t values = 0;
  check_bounds(doc, pointer, values, diags);
  if (values > kMaxValues) {
    diags.error("", fmt::format("the file holds {} JSON values (numbers, strings, arrays, objects); scenario files are "
                                "limited to {}",
                                values, kMaxValues));
  }
  if (!diags.empty()) return std::nullopt;
  check_schema(doc, diags);
  if (!diags.empty()) return std::nullopt;
  Scenario s = read_scenario(doc, diags);
  if (!diags.empty()) return std::nullopt;
  check_rules(s, diags);
  if (!diags.empty()) return std::nullopt;
  return s;
}

namespace {

/// Check the model that results from each policy; report each problem at the
/// change that caused it (or at the policy).
void check_policies(const LoadedScenario& loaded, Diagnostics& diags) {
  for (std::size_t p = 0; p < loaded.scenario.policies.size(); ++p) {
    const Policy& policy = loaded.scenario.policies[p];
    const std::size_t before = diags.total();
    PolicyResult result = apply_policy(loaded.doc.root, p, diags);
    if (diags.total() != before) continue;
    Diagnostics inner;
    check_scenario_document(result.doc, inner);
    for (const Diagnostic& d : inner.items()) {
      std::string where = policy.where;
      for (const PolicyEdit& edit : result.edits) {
        if (d.pointer.rfind(edit.target, 0) == 0 || edit.target.rfind(d.pointer + "/", 0) == 0) where = edit.change;
      }
      diags.error(where, fmt::format("with policy \"{}\" applied, {}: {}", policy.id, d.pointer.empty() ? "(top level)" : d.pointer,
                                     d.message));
    }
  }
}

[[noreturn]] void fail(const JsonDocument* doc, const std::string& path, Diagnostics& diags) {
  if (doc != nullptr) diags.locate(JsonLocator(doc->text));
  std::string text = diags.format(path);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  throw InputError(text);
}

}  // namespace

namespace {

LoadedScenario load_document(const std::string& path, std::optional<JsonDocument> doc, Diagnostics& diags) {
  if (!doc) fail(nullptr, path, diags);
  std::optional<Scenario> scenario = check_scenario_document(doc->root, diags);
  if (!scenario) fail(&*doc, path, diags);
  LoadedScenario loaded{std::move(*doc), std::move(*scenario), ""};
  check_policies(loaded, diags);
  if (!diags.empty()) fail(&loaded.doc, path, diags);
  check_factors(loaded, diags);
  if (!diags.empty()) fail(&loaded.doc, path, diags);
  loaded.sha256 = sha256_hex(loaded.doc.text);
  return loaded;
}

}  // namespace

LoadedScenario load_scenario(const std::string& path) {
  Diagnostics diags;
  std::optional<JsonDocument> doc = read_json_document(path, diags);
  return load_document(path, std::move(doc), diags);
}

LoadedScenario load_scenario_text(const std::string& name, std::string text) {
  Diagnostics diags;
  std::optional<JsonDocument> doc = parse_json_document(name, std::move(text), diags);
  return load_document(name, std::move(doc), diags);
}

Scenario scenario_with_policy(const LoadedScenario& loaded, std::string_view policy_id) {
  if (policy_id.empty()) return loaded.scenario;
  const auto& policies = loaded.scenario.policies;
  for (std::size_t p = 0; p < policies.size(); ++p) {
    if (policies[p].id != policy_id) continue;
    Diagnostics diags;
    const PolicyResult result = apply_policy(loaded.doc.root, p, diags);
    std::optional<Scenario> s = check_scenario_document(result.doc, diags);
    if (!s) fail(&loaded.doc, loaded.doc.path, diags);  // load_scenario checked it: not expected
    return std::move(*s);
  }
  std::vector<std::string> ids;
  for (const Policy& p : policies) ids.push_back(p.id);
  std::string message = with_suggestion(fmt::format("{}: unknown policy \"{}\"", loaded.doc.path, policy_id), policy_id, ids);
  if (message.find("did you mean") == std::string::npos) {
    message += ids.empty() ? "; this file defines no policies" : "; policies: " + fmt::format("{}", fmt::join(ids, ", "));
  }
  throw InputError(message);
}

}  // namespace chokepoint
