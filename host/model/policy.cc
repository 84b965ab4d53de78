#include "policy.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <array>
#include <cmath>

#include "json_locator.hh"
#include "suggest.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

/// Where a change writes: container[key], with the pointer of the field.
struct FieldRef {
  json::object* container = nullptr;
  std::string key;
  std::string pointer;
  bool integer = false;  // the field must stay a whole number
};

std::vector<std::string> ids_of(const json::array& items, std::string_view key) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.emplace_back(item.as_object().at(key).as_string());
  return ids;
}

std::optional<std::size_t> find_by(const json::array& items, std::string_view key, std::string_view value) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].as_object().at(key).as_string() == value) return i;
  }
  return std::nullopt;
}

json::array& array_member(json::object& o, std::string_view key) {
  if (!o.contains(key)) o[key] = json::array();
  return o[key].as_array();
}

/// Resolve the change's target and field; report and return nullopt on error.
std::optional<FieldRef> resolve_field(json::object& root, const json::object& change, const std::string& where,
                                      Diagnostics& diags) {
  const std::string field(change.at("field").as_string());
  const bool has_node = change.contains("node");
  const bool has_input = change.contains("input");
  const bool has_event = change.contains("event");
  const bool has_effect = change.contains("effect");
  if (has_node == has_event || (has_input && !has_node) || (has_effect && !has_event)) {
    diags.error(where, "a change targets either \"node\" (optionally with \"input\") or \"event\" (optionally with \"effect\")");
    return std::nullopt;
  }
  auto wrong_field = [&](std::string_view target, const std::vector<std::string>& fields) {
    std::string list;
    for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
    diags.error(where + "/field", fmt::format("\"{}\" is not a field of {}; its fields are: {}", field, target, list));
    return std::nullopt;
  };

  if (has_node) {
    json::array& nodes = array_member(root, "nodes");
    const std::string id(change.at("node").as_string());
    const auto n = find_by(nodes, "id", id);
    if (!n) {
      diags.error(where + "/node", with_suggestion(fmt::format("unknown node \"{}\"", id), id, ids_of(nodes, "id")));
      return std::nullopt;
    }
    json::object& node = nodes[*n].as_object();
    const std::string node_ptr = fmt::format("/nodes/{}", *n);
    if (has_input) {
      json::array& inputs = array_member(node, "inputs");
      const std::string name(change.at("input").as_string());
      const auto k = find_by(inputs, "name", name);
      if (!k) {
        diags.error(where + "/input", with_suggestion(fmt::format("node \"{}\" has no input \"{}\"", id, name), name,
                                                      ids_of(inputs, "name")));
        return std::nullopt;
      }
      if (field != "inventory_weeks" && field != "per_unit" && field != "suppliers") {
        return wrong_field("an input", {"inventory_weeks", "per_unit", "suppliers"});
      }
      return FieldRef{&inputs[*k].as_object(), field, fmt::format("{}/inputs/{}/{}", node_ptr, *k, field), false};
    }
    if (field == "capacity" || field == "unit_value") return FieldRef{&node, field, node_ptr + "/" + field, false};
    constexpr std::string_view demand_prefix = "final_demand.";
    if (field.rfind(demand_prefix, 0) == 0) {
      const std::string key = field.substr(demand_prefix.size());
      if (!node.contains("final_demand")) {
        if (!(key == "base" && change.contains("set"))) {
          diags.error(where, fmt::format("node \"{}\" has no final_demand; set \"final_demand.base\" first", id));
          return std::nullopt;
        }
        node["final_demand"] = json::object();
      }
      return FieldRef{&node["final_demand"].as_object(), key, node_ptr + "/final_demand/" + key, false};
    }
    return wrong_field("a node", {"capacity", "unit_value", "final_demand.base", "final_demand.growth_per_year",
                                  "final_demand.volatility"});
  }

  json::array& events = array_member(root, "events");
  const std::string id(change.at("event").as_string());
  const auto e = find_by(events, "id", id);
  if (!e) {
    diags.error(where + "/event", with_suggestion(fmt::format("unknown event \"{}\"", id), id, ids_of(events, "id")));
    return std::nullopt;
  }
  json::object& event = events[*e].as_object();
  const std::string event_ptr = fmt::format("/events/{}", *e);
  if (has_effect) {
    if (field != "capacity_loss" && field != "demand_change") return wrong_field("an effect", {"capacity_loss", "demand_change"});
    const std::string node(change.at("effect").as_string());
    json::array& effects = event.at("effects").as_array();
    for (std::size_t k = 0; k < effects.size(); ++k) {
      json::object& effect = effects[k].as_object();
      if (effect.at("node").as_string() == node && effect.contains(field)) {
        return FieldRef{&effect, field, fmt::format("{}/effects/{}/{}", event_ptr, k, field), false};
      }
    }
    diags.error(where + "/effect", fmt::format("event \"{}\" has no {} effect on node \"{}\"", id, field, node));
    return std::nullopt;
  }
  if (field == "annual_rate" || field == "duration_weeks" || field == "recovery_weeks") {
    return FieldRef{&event, field, event_ptr + "/" + field, field == "recovery_weeks"};
  }
  return wrong_field("an event", {"annual_rate", "duration_weeks", "recovery_weeks"});
}

json::value number_value(double x, bool integer) {
  if (integer) return json::value(static_cast<std::int64_t>(std::floor(x + 0.5)));  // round() of MODEL.md
  return json::value(x);
}

/// Scale a distribution's location and spread, and its clamps; a rate map's rates.
void scale_object(json::object& o, double k) {
  constexpr std::array scaled = {"low", "mode", "high", "mean", "sd", "median", "min", "max"};
  const bool is_distribution = o.contains("dist");
  for (auto& member : o) {
    const bool applies = !is_distribution ||
                         std::find(scaled.begin(), scaled.end(), std::string_view(member.key())) != scaled.end();
    if (applies && member.value().is_number()) member.value() = member.value().to_number<double>() * k;
  }
}

void apply_change(json::object& root, const json::object& change, const std::string& where, PolicyResult& result,
                  Diagnostics& diags) {
  const int ops = static_cast<int>(change.contains("set")) + static_cast<int>(change.contains("add")) +
                  static_cast<int>(change.contains("scale"));
  if (ops != 1) {
    diags.error(where, fmt::format("a change needs exactly one of \"set\", \"add\" and \"scale\", got {}", ops));
    return;
  }
  const auto ref = resolve_field(root, change, where, diags);
  if (!ref) return;
  json::object& c = *ref->container;
  result.edits.push_back({where, ref->pointer});
  if (const auto* set = change.if_contains("set")) {
    c[ref->key] = *set;
    return;
  }
  const double default_value = ref->key == "inventory_weeks" || ref->key == "recovery_weeks" ||
                                       ref->key == "growth_per_year" || ref->key == "volatility"
                                   ? 0.0
                                   : NAN;
  json::value* current = c.if_contains(ref->key);
  if (current == nullptr && std::isnan(default_value)) {
    diags.error(where, fmt::format("{} is not set, so it cannot be changed by \"add\" or \"scale\"", ref->pointer));
    return;
  }
  if (ref->key == "suppliers") {
    diags.error(where, "a supplier list can only be replaced with \"set\"");
    return;
  }
  const double old = current == nullptr ? default_value : (current->is_number() ? current->to_number<double>() : NAN);
  if (const auto* add = change.if_contains("add")) {
    const double delta = add->to_number<double>();
    if (current != nullptr && current->is_object() && !current->as_object().contains("dist")) {
      for (auto& member : current->as_object()) member.value() = member.value().to_number<double>() + delta;
    } else if (current != nullptr && current->is_object()) {
      diags.error(where, "\"add\" applies to numbers and rate maps; use \"set\" or \"scale\" for a distribution");
    } else {
      c[ref->key] = number_value(old + delta, ref->integer);
    }
    return;
  }
  const double k = change.at("scale").to_number<double>();
  if (current != nullptr && current->is_object()) {
    scale_object(current->as_object(), k);
  } else {
    c[ref->key] = number_value(old * k, ref->integer);
  }
}

}  // namespace

PolicyResult apply_changes(const json::value& doc, const std::vector<ChangeAt>& changes, Diagnostics& diags) {
  PolicyResult result{doc, {}};
  json::object& root = result.doc.as_object();
  for (const ChangeAt& c : changes) apply_change(root, c.change, c.where, result, diags);
  return result;
}

PolicyResult apply_policy(const json::value& doc, std::size_t policy_index, Diagnostics& diags) {
  const json::object& policy = doc.as_object().at("policies").as_array().at(policy_index).as_object();
  const json::array& list = policy.at("changes").as_array();
  std::vector<ChangeAt> changes;
  for (std::size_t k = 0; k < list.size(); ++k) {
    changes.push_back({list[k].as_object(), fmt::format("/policies/{}/changes/{}", policy_index, k)});
  }
  return apply_changes(doc, changes, diags);
}

}  // namespace chokepoint
