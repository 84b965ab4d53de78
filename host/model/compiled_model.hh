// A scenario compiled into the flat arrays that the per-scenario model reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model_view.hh"
#include "scenario.hh"

namespace chokepoint {

/// What a scalar output measures, which decides how it is binned.
enum class MetricKind {
  value,  // lost value, in the scenario's value unit (log-linear bins)
  ratio,  // peak shortfall ratio in [0, 1] (log-linear bins)
  weeks,  // whole weeks in [0, horizon] (one bin per value: exact)
  count,  // event starts in [0, horizon] (one bin per value: exact)
};

struct MetricInfo {
  std::string name;  // "loss_total", "loss.energy", "starts.hormuz_closure", ...
  MetricKind kind;
};

/// The kernels' form of a distribution as read (DistSpec): lognormal's
/// median and loguniform's low and high become their logarithms.
Distribution compile_distribution(const DistSpec& spec);

/// Owns the arrays behind a ModelView. Immutable once built; copyable to a
/// device by copying each array (see view()).
class CompiledModel {
 public:
  /// Compile a checked scenario, with the forced starts of a stress test if given.
  static CompiledModel compile(const Scenario& s, const StressTest* stress = nullptr);

  /// Sample the starts of event e with its hazard times factors[e] (one per
  /// event, each >= 1) and weight every scenario by its likelihood ratio
  /// (kernels/importance_weight.hh); host/importance.hh chooses and checks factors.
  void set_importance(const std::vector<double>& factors);
  /// The factors of set_importance; empty for plain Monte Carlo.
  [[nodiscard]] const std::vector<double>& importance_factors() const { return importance_factors_; }
  /// Weekly hazards as the model defines them (without importance factors),
  /// [n_events x n_regimes].
  [[nodiscard]] const std::vector<double>& model_hazards() const { return model_hazard_; }

  /// The view over this object's arrays; valid while it lives and is not moved.
  [[nodiscard]] ModelView view() const;

  [[nodiscard]] const std::vector<std::string>& sectors() const { return sectors_; }
  [[nodiscard]] const std::vector<MetricInfo>& metrics() const { return metrics_; }
  /// File index of the node at each topological position.
  [[nodiscard]] const std::vector<std::int32_t>& node_file_index() const { return node_file_index_; }
  [[nodiscard]] const std::vector<double>& steady_state() const { return steady_state_; }  // by topological index
  [[nodiscard]] std::int32_t weeks() const { return sizes_.n_weeks; }
  [[nodiscard]] const ModelView& sizes() const { return sizes_; }

 private:
  ModelView sizes_;  // counts and scalars; pointers are filled in by view()
  std::vector<std::string> sectors_;
  std::vector<MetricInfo> metrics_;
  std::vector<std::int32_t> node_file_index_;
  std::vector<double> steady_state_;

  std::vector<double> capacity_, unit_value_, demand_base_, demand_sigma_, growth_;
  std::vector<std::int32_t> demand_row_, sector_;
  std::vector<std::uint32_t> node_stream_;
  std::vector<std::int32_t> group_begin_, link_begin_, link_supplier_;
  std::vector<double> per_unit_, target_inventory_, link_share_;
  std::vector<double> transition_cdf_;
  std::vector<double> hazard_;
  std::vector<double> model_hazard_;  // hazard_ before importance factors
  std::vector<double> importance_factors_, log_ratio_idle_, log_ratio_start_;
  std::vector<Distribution> duration_, effect_size_;
  std::vector<std::int32_t> recovery_, regime_shift_, effect_begin_, effect_node_;
  std::vector<EffectKind> effect_kind_;
  std::vector<std::uint32_t> event_stream_;
  std::vector<std::int32_t> forced_week_, forced_duration_;
  std::vector<double> forced_capacity_loss_;
};

}  // namespace chokepoint
