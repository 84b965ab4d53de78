#include "scenario.hh"

namespace chokepoint {

const Node* Scenario::find_node(std::string_view id) const {
  for (const Node& n : nodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

const Event* Scenario::find_event(std::string_view id) const {
  for (const Event& e : events) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::vector<std::string> Scenario::node_ids() const {
  std::vector<std::string> ids;
  ids.reserve(nodes.size());
  for (const Node& n : nodes) ids.push_back(n.id);
  return ids;
}

std::vector<std::string> Scenario::event_ids() const {
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const Event& e : events) ids.push_back(e.id);
  return ids;
}

}  // namespace chokepoint
