#include "supply_graph.hh"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <iterator>
#include <unordered_map>

namespace chokepoint {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

Graph make_graph(std::size_t n, const std::vector<std::pair<std::int32_t, std::int32_t>>& edges) {
  Graph g(n);
  for (const auto& [from, to] : edges) boost::add_edge(static_cast<Vertex>(from), static_cast<Vertex>(to), g);
  return g;
}

/// Remembers the DFS tree and the first back edge, which closes a cycle.
struct CycleFinder : boost::default_dfs_visitor {
  std::vector<Vertex>* parent;
  std::optional<std::pair<Vertex, Vertex>>* back;
  void tree_edge(Edge e, const Graph& g) const { (*parent)[boost::target(e, g)] = boost::source(e, g); }
  void back_edge(Edge e, const Graph& g) const {
    if (!back->has_value()) *back = std::make_pair(boost::source(e, g), boost::target(e, g));
  }
};

}  // namespace

SupplyGraph::SupplyGraph(const Scenario& s) : n_(s.nodes.size()) {
  std::unordered_map<std::string, std::int32_t> index;
  for (std::size_t i = 0; i < s.nodes.size(); ++i) index.emplace(s.nodes[i].id, static_cast<std::int32_t>(i));
  for (std::size_t c = 0; c < s.nodes.size(); ++c) {
    for (const Input& in : s.nodes[c].inputs) {
      for (const Supplier& sup : in.suppliers) {
        const auto it = index.find(sup.node);
        if (it != index.end()) edges_.emplace_back(it->second, static_cast<std::int32_t>(c));
      }
    }
  }
}

std::optional<std::vector<std::int32_t>> SupplyGraph::find_cycle() const {
  const Graph g = make_graph(n_, edges_);
  std::vector<Vertex> parent(n_);
  for (std::size_t i = 0; i < n_; ++i) parent[i] = i;
  std::optional<std::pair<Vertex, Vertex>> back;
  CycleFinder finder;
  finder.parent = &parent;
  finder.back = &back;
  boost::depth_first_search(g, boost::visitor(finder));
  if (!back) return std::nullopt;
  // The back edge u -> v closes the tree path v -> ... -> u.
  const auto [u, v] = *back;
  std::vector<std::int32_t> path;
  for (Vertex x = u; x != v; x = parent[x]) path.push_back(static_cast<std::int32_t>(x));
  path.push_back(static_cast<std::int32_t>(v));
  std::reverse(path.begin(), path.end());
  path.push_back(static_cast<std::int32_t>(v));
  return path;
}

std::vector<std::int32_t> SupplyGraph::topological_order() const {
  const Graph g = make_graph(n_, edges_);
  std::vector<Vertex> reversed;
  boost::topological_sort(g, std::back_inserter(reversed));  // customers first
  std::vector<std::int32_t> order;
  order.reserve(n_);
  for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) order.push_back(static_cast<std::int32_t>(*it));
  return order;
}

std::vector<std::int32_t> SupplyGraph::tier(const std::vector<std::int32_t>& order) const {
  std::vector<std::vector<std::int32_t>> suppliers(n_);
  for (const auto& [from, to] : edges_) suppliers[static_cast<std::size_t>(to)].push_back(from);
  std::vector<std::int32_t> depth(n_, 0);
  for (const std::int32_t node : order) {
    for (const std::int32_t s : suppliers[static_cast<std::size_t>(node)]) {
      depth[static_cast<std::size_t>(node)] = std::max(depth[static_cast<std::size_t>(node)], depth[static_cast<std::size_t>(s)] + 1);
    }
  }
  return depth;
}

}  // namespace chokepoint
