#include "steady_state.hh"

#include <unordered_map>

namespace chokepoint {

std::vector<double> steady_state_output(const Scenario& s, const std::vector<std::int32_t>& order) {
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < s.nodes.size(); ++i) index.emplace(s.nodes[i].id, i);
  std::vector<double> ybar(s.nodes.size(), 0.0);
  for (std::size_t i = 0; i < s.nodes.size(); ++i) {
    if (s.nodes[i].final_demand) ybar[i] = s.nodes[i].final_demand->base;
  }
  // Customers before suppliers: every customer's Ybar is final when it orders.
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const Node& node = s.nodes[static_cast<std::size_t>(*it)];
    const double y = ybar[static_cast<std::size_t>(*it)];
    for (const Input& in : node.inputs) {
      for (const Supplier& sup : in.suppliers) {
        const auto found = index.find(sup.node);
        if (found != index.end()) ybar[found->second] += sup.share * (in.per_unit * y);
      }
    }
  }
  return ybar;
}

}  // namespace chokepoint
