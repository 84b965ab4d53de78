// Writing a synthetic model as chokepoint/1 JSON, one item per line.
//
// Written by hand rather than through Boost.JSON so that a 10,000-node
// model stays well inside the loader's 16 MiB limit and reads like the
// bundled files. Every string is an id, a sector, a region or a label made
// by the generator from ASCII letters, digits, spaces and "_-%,()", so none
// needs escaping. Numbers use fmt's shortest round-trip form, which is the
// same on every platform.
#include <fmt/format.h>

#include "synth_model.hh"

namespace chokepoint::synth {

namespace {

std::string number(double x) { return fmt::format("{}", x); }

std::string dist_json(const Dist& d) {
  if (d.kind.empty()) return number(d.members.front().second);
  std::string s = fmt::format("{{\"dist\": \"{}\"", d.kind);
  for (const auto& [key, value] : d.members) s += fmt::format(", \"{}\": {}", key, number(value));
  return s + "}";
}

std::string suppliers_json(const std::vector<Link>& links, const std::vector<Node>& nodes) {
  std::string s = "[";
  for (std::size_t l = 0; l < links.size(); ++l) {
    s += fmt::format("{}{{\"node\": \"{}\", \"share\": {}}}", l == 0 ? "" : ", ",
                     nodes[static_cast<std::size_t>(links[l].supplier)].id, number(links[l].share));
  }
  return s + "]";
}

std::string node_json(const Node& n, const std::vector<Node>& nodes) {
  std::string s = fmt::format("{{\"id\": \"{}\", \"sector\": \"{}\", \"region\": \"{}\", \"capacity\": {}, \"unit_value\": {}",
                              n.id, n.sector, n.region, number(n.capacity), number(n.unit_value));
  if (n.has_demand) {
    s += fmt::format(", \"final_demand\": {{\"base\": {}, \"growth_per_year\": {}, \"volatility\": {}}}",
                     number(n.demand_base), number(n.growth), number(n.volatility));
  }
  if (!n.inputs.empty()) {
    s += ", \"inputs\": [";
    for (std::size_t k = 0; k < n.inputs.size(); ++k) {
      const Input& in = n.inputs[k];
      s += fmt::format("{}{{\"name\": \"{}\", \"per_unit\": {}, \"inventory_weeks\": {}, \"suppliers\": {}}}",
                       k == 0 ? "" : ", ", in.name, number(in.per_unit), number(in.inventory_weeks),
                       suppliers_json(in.suppliers, nodes));
    }
    s += "]";
  }
  return s + "}";
}

std::string rates_json(const std::vector<double>& rates) {
  if (rates.size() == 1) return number(rates.front());
  std::string s = "{";
  for (std::size_t r = 0; r < rates.size(); ++r) {
    s += fmt::format("{}\"{}\": {}", r == 0 ? "" : ", ", kRegimes[r], number(rates[r]));
  }
  return s + "}";
}

std::string event_json(const Event& e, const std::vector<Node>& nodes) {
  std::string s = fmt::format("{{\"id\": \"{}\", \"label\": \"{}\", \"annual_rate\": {}, \"duration_weeks\": {}, "
                              "\"recovery_weeks\": {}",
                              e.id, e.label, rates_json(e.rates), dist_json(e.duration), e.recovery_weeks);
  if (!e.regime_shift.empty()) s += fmt::format(", \"regime_shift\": \"{}\"", e.regime_shift);
  s += ", \"effects\": [";
  for (std::size_t f = 0; f < e.effects.size(); ++f) {
    const Effect& x = e.effects[f];
    s += fmt::format("{}{{\"node\": \"{}\", \"{}\": {}}}", f == 0 ? "" : ", ", nodes[static_cast<std::size_t>(x.node)].id,
                     x.capacity_loss ? "capacity_loss" : "demand_change", dist_json(x.size));
  }
  return s + "]}";
}

std::string change_json(const Change& c, const std::vector<Node>& nodes) {
  std::string s = "{";
  if (!c.node.empty()) s += fmt::format("\"node\": \"{}\", ", c.node);
  if (!c.input.empty()) s += fmt::format("\"input\": \"{}\", ", c.input);
  if (!c.event.empty()) s += fmt::format("\"event\": \"{}\", ", c.event);
  const std::string value = c.field == "suppliers" ? suppliers_json(c.suppliers, nodes) : number(c.value);
  return s + fmt::format("\"field\": \"{}\", \"{}\": {}}}", c.field, c.op, value);
}

std::string policy_json(const Policy& p, const std::vector<Node>& nodes) {
  std::string s = fmt::format("{{\"id\": \"{}\", \"label\": \"{}\", \"annual_cost\": {}, \"changes\": [", p.id, p.label,
                              number(p.annual_cost));
  for (std::size_t k = 0; k < p.changes.size(); ++k) s += (k == 0 ? "" : ", ") + change_json(p.changes[k], nodes);
  return s + "]}";
}

std::string stress_json(const StressTest& t, const std::vector<Event>& events) {
  std::string s = fmt::format("{{\"id\": \"{}\", \"label\": \"{}\", \"force\": [", t.id, t.label);
  for (std::size_t k = 0; k < t.force.size(); ++k) {
    const Force& f = t.force[k];
    s += fmt::format("{}{{\"event\": \"{}\", \"start_week\": {}", k == 0 ? "" : ", ",
                     events[static_cast<std::size_t>(f.event)].id, f.start_week);
    if (f.duration_weeks > 0) s += fmt::format(", \"duration_weeks\": {}", f.duration_weeks);
    if (f.capacity_loss >= 0.0) s += fmt::format(", \"capacity_loss\": {}", number(f.capacity_loss));
    s += "}";
  }
  return s + "]}";
}

/// "[\n    a,\n    b\n  ]": one item per line.
template <class Item, class Format>
std::string list_json(const std::vector<Item>& items, const Format& format) {
  std::string s = "[";
  for (std::size_t k = 0; k < items.size(); ++k) s += (k == 0 ? "\n    " : ",\n    ") + format(items[k]);
  return s + "\n  ]";
}

}  // namespace

std::string model_json(const Model& m) {
  std::string s = "{\n";
  s += "  \"format\": \"chokepoint/1\",\n";
  s += fmt::format("  \"name\": \"{}\",\n", m.name);
  s += fmt::format("  \"description\": \"{}\",\n", m.description);
  s += fmt::format("  \"horizon_weeks\": {},\n", m.weeks);
  s += "  \"value_unit\": \"USD million\",\n";
  s += "  \"inventory_refill_rate\": 0.25,\n";
  s += "  \"regimes\": {\"states\": [\"calm\", \"tension\", \"crisis\"], \"initial\": \"calm\",\n";
  s += "              \"weekly_transition\": [[0.99, 0.01, 0], [0.03, 0.96, 0.01], [0, 0.05, 0.95]]},\n";
  s += "  \"nodes\": " + list_json(m.nodes, [&](const Node& n) { return node_json(n, m.nodes); }) + ",\n";
  s += "  \"events\": " + list_json(m.events, [&](const Event& e) { return event_json(e, m.nodes); }) + ",\n";
  s += "  \"policies\": " + list_json(m.policies, [&](const Policy& p) { return policy_json(p, m.nodes); }) + ",\n";
  s += "  \"stress_tests\": " + list_json(m.stress_tests, [&](const StressTest& t) { return stress_json(t, m.events); }) +
       ",\n";
  s += "  \"sources\": [{\"id\": \"synthetic\", \"citation\": \"Generated by chokepoint synth; every number is drawn, "
       "not calibrated.\", \"used_for\": \"every number in this file\"}]\n";
  return s + "}\n";
}

}  // namespace chokepoint::synth
