#include "schema_check.hh"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <array>
#include <regex>
#include <set>

#include "json_document.hh"
#include "json_locator.hh"
#include "suggest.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

constexpr std::array kSupportedKeywords = {
    "$schema", "$id", "$ref", "title", "description", "definitions", "type", "enum", "properties", "required",
    "additionalProperties", "maxProperties", "items", "minItems", "maxItems", "pattern", "minLength", "maxLength",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"};

const json::value& schema_json() {
  static const json::value schema = json::parse(scenario_schema_text());
  return schema;
}

/// valijson's compiled form of the schema (not copyable: built in place).
struct CompiledSchema {
  valijson::Schema schema;
  CompiledSchema() {
    valijson::SchemaParser parser;
    const valijson::adapters::BoostJsonAdapter adapter(schema_json());
    parser.populateSchema(adapter, schema);
  }
};

const valijson::Schema& compiled_schema() {
  static const CompiledSchema compiled;
  return compiled.schema;
}

/// Follow "$ref": "#/definitions/NAME".
const json::object* resolve(const json::object* schema) {
  while (schema != nullptr) {
    const auto* ref = schema->if_contains("$ref");
    if (ref == nullptr) return schema;
    const std::string_view target = ref->as_string();
    constexpr std::string_view prefix = "#/definitions/";
    const auto& defs = schema_json().as_object().at("definitions").as_object();
    const auto* def = defs.if_contains(target.substr(prefix.size()));
    schema = def != nullptr ? &def->as_object() : nullptr;
  }
  return nullptr;
}

/// The subschema that applies to `child` of a value with schema `schema`.
const json::object* child_schema(const json::object* schema, const json::value& parent, std::string_view child) {
  schema = resolve(schema);
  if (schema == nullptr) return nullptr;
  if (parent.is_object()) {
    if (const auto* props = schema->if_contains("properties")) {
      if (const auto* p = props->as_object().if_contains(child)) return resolve(&p->as_object());
    }
    if (const auto* extra = schema->if_contains("additionalProperties"); extra != nullptr && extra->is_object()) {
      return resolve(&extra->as_object());
    }
    return nullptr;
  }
  if (parent.is_array()) {
    if (const auto* items = schema->if_contains("items"); items != nullptr && items->is_object()) {
      return resolve(&items->as_object());
    }
  }
  return nullptr;
}

bool has_type(const json::value& v, std::string_view type) {
  if (type == "number") return v.is_number();
  if (type == "integer") return v.is_int64() || v.is_uint64();
  if (type == "string") return v.is_string();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "boolean") return v.is_bool();
  if (type == "null") return v.is_null();
  return false;
}

std::string a_type(std::string_view type) {
  if (type == "integer") return "an integer";
  if (type == "object") return "an object";
  if (type == "array") return "an array";
  if (type == "boolean") return "true or false";
  return fmt::format("a {}", type);
}

std::string number_text(const json::value& v) {
  return v.is_double() ? fmt::format("{}", v.get_double()) : json::serialize(v);
}

/// Explain why `v` at `pointer` fails the keywords of `schema` that apply to
/// it directly (not those of its children, which are explained at their own
/// pointers). Returns the number of problems reported.
std::size_t explain(const json::value& v, const json::object& schema, const std::string& pointer, Diagnostics& diags) {
  const std::size_t before = diags.total();
  if (const auto* type = schema.if_contains("type")) {
    std::vector<std::string> types;
    if (type->is_string()) {
      types.emplace_back(type->as_string());
    } else {
      for (const auto& t : type->as_array()) types.emplace_back(t.as_string());
    }
    bool ok = false;
    for (const auto& t : types) ok = ok || has_type(v, t);
    if (!ok) {
      std::string expected;
      for (std::size_t i = 0; i < types.size(); ++i) {
        if (i > 0) expected += i + 1 == types.size() ? " or " : ", ";
        expected += a_type(types[i]);
      }
      if (types.size() == 1 && types[0] == "integer" && v.is_double()) {
        expected += " (whole number without a decimal point)";
      }
      diags.error(pointer, fmt::format("expected {}, got {}", expected, describe_json(v)));
      return diags.total() - before;
    }
  }
  if (const auto* options = schema.if_contains("enum")) {
    bool ok = false;
    std::vector<std::string> names;
    for (const auto& option : options->as_array()) {
      ok = ok || option == v;
      names.push_back(option.is_string() ? std::string(option.as_string()) : json::serialize(option));
    }
    if (!ok) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "\"" : ", \"") + n + "\"";
      std::string message = fmt::format("expected one of {}, got {}", list, describe_json(v));
      if (v.is_string()) message = with_suggestion(message, v.as_string(), names);
      diags.error(pointer, message);
    }
  }
  if (v.is_number()) {
    const double x = v.to_number<double>();
    const std::string got = number_text(v);
    if (const auto* m = schema.if_contains("minimum"); m != nullptr && x < m->to_number<double>()) {
      diags.error(pointer, fmt::format("must be >= {}, got {}", number_text(*m), got));
    }
    if (const auto* m = schema.if_contains("exclusiveMinimum"); m != nullptr && x <= m->to_number<double>()) {
      diags.error(pointer, fmt::format("must be > {}, got {}", number_text(*m), got));
    }
    if (const auto* m = schema.if_contains("maximum"); m != nullptr && x > m->to_number<double>()) {
      diags.error(pointer, fmt::format("must be <= {}, got {}", number_text(*m), got));
    }
    if (const auto* m = schema.if_contains("exclusiveMaximum"); m != nullptr && x >= m->to_number<double>()) {
      diags.error(pointer, fmt::format("must be < {}, got {}", number_text(*m), got));
    }
  }
  if (v.is_string()) {
    const std::string_view s = v.as_string();
    if (const auto* p = schema.if_contains("pattern")) {
      const std::regex re(std::string(p->as_string()));
      if (!std::regex_search(s.begin(), s.end(), re)) {
        const bool is_id = p->as_string() == "^[a-z0-9_]+$";
        diags.error(pointer, is_id ? fmt::format("ids may contain only a-z, 0-9 and _, got {}", describe_json(v))
                                   : fmt::format("must match {}, got {}", p->as_string(), describe_json(v)));
      }
    }
    if (const auto* m = schema.if_contains("minLength"); m != nullptr && s.size() < m->to_number<std::size_t>()) {
      diags.error(pointer, "must not be empty");
    }
    if (const auto* m = schema.if_contains("maxLength"); m != nullptr && s.size() > m->to_number<std::size_t>()) {
      diags.error(pointer, fmt::format("may be at most {} characters long, got {}", number_text(*m), s.size()));
    }
  }
  if (v.is_array()) {
    const std::size_t n = v.as_array().size();
    if (const auto* m = schema.if_contains("minItems"); m != nullptr && n < m->to_number<std::size_t>()) {
      diags.error(pointer, fmt::format("must have at least {} item{}, got {}", number_text(*m),
                                       m->to_number<int>() == 1 ? "" : "s", n));
    }
    if (const auto* m = schema.if_contains("maxItems"); m != nullptr && n > m->to_number<std::size_t>()) {
      diags.error(pointer, fmt::format("may have at most {} items (a documented limit), got {}", number_text(*m), n));
    }
  }
  if (v.is_object()) {
    const json::object& obj = v.as_object();
    std::vector<std::string> known;
    if (const auto* props = schema.if_contains("properties")) {
      for (const auto& p : props->as_object()) known.emplace_back(p.key());
    }
    if (const auto* required = schema.if_contains("required")) {
      for (const auto& r : required->as_array()) {
        if (!obj.contains(r.as_string())) diags.error(pointer, fmt::format("missing required key \"{}\"", r.as_string()));
      }
    }
    if (const auto* extra = schema.if_contains("additionalProperties"); extra != nullptr && extra->is_bool() &&
                                                                        !extra->as_bool()) {
      for (const auto& member : obj) {
        if (std::find(known.begin(), known.end(), member.key()) != known.end()) continue;
        std::string message = with_suggestion(fmt::format("unknown key \"{}\"", member.key()), member.key(), known);
        if (message.find("did you mean") == std::string::npos) {
          std::string list;
          for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
          message += "; expected one of: " + list;
        }
        diags.error(pointer + "/" + pointer_token(member.key()), message, true);
      }
    }
    if (const auto* m = schema.if_contains("maxProperties"); m != nullptr && obj.size() > m->to_number<std::size_t>()) {
      diags.error(pointer, fmt::format("may have at most {} members, got {}", number_text(*m), obj.size()));
    }
  }
  return diags.total() - before;
}

/// Walk valijson's context ("<root>", "[nodes]", "[3]") to the value and its schema.
bool walk(const json::value& doc, const std::vector<std::string>& context, const json::value*& value,
          const json::object*& schema, std::string& pointer) {
  value = &doc;
  schema = resolve(&schema_json().as_object());
  pointer.clear();
  for (const std::string& raw : context) {
    if (raw == "<root>") continue;
    if (raw.size() < 2 || raw.front() != '[' || raw.back() != ']') return false;
    const std::string token = raw.substr(1, raw.size() - 2);
    const json::value* child = nullptr;
    if (value->is_object()) {
      child = value->as_object().if_contains(token);
    } else if (value->is_array()) {
      const std::size_t index = std::stoul(token);
      if (index < value->as_array().size()) child = &value->as_array()[index];
    }
    if (child == nullptr) return false;
    schema = child_schema(schema, *value, token);
    pointer += "/" + pointer_token(token);
    value = child;
    if (schema == nullptr) return false;
  }
  return true;
}

}  // namespace

bool schema_keyword_supported(std::string_view keyword) {
  return std::find(kSupportedKeywords.begin(), kSupportedKeywords.end(), keyword) != kSupportedKeywords.end();
}

void check_schema(const json::value& doc, Diagnostics& diags) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  const valijson::adapters::BoostJsonAdapter adapter(doc);
  if (validator.validate(compiled_schema(), adapter, &results)) return;

  const std::size_t before = diags.total();
  std::set<std::string> explained;
  std::vector<valijson::ValidationResults::Error> errors;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) errors.push_back(error);
  for (const auto& e : errors) {
    const json::value* value = nullptr;
    const json::object* schema = nullptr;
    std::string pointer;
    if (!walk(doc, e.context, value, schema, pointer)) continue;
    if (!explained.insert(pointer).second) continue;
    explain(*value, *schema, pointer, diags);
  }
  if (diags.total() == before) {
    // A rejection the explainer does not cover: report valijson's words.
    for (const auto& e : errors) {
      std::string pointer;
      for (const std::string& raw : e.context) {
        if (raw != "<root>") pointer += "/" + pointer_token(raw.substr(1, raw.size() - 2));
      }
      diags.error(pointer, e.description);
    }
  }
}

}  // namespace chokepoint
