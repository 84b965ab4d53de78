// How robust a policy ranking is to the assumptions: P(best), regret and
// the expected value of perfect information over factor draws.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "sample_quantile.hh"
#include "sensitivity.hh"

namespace chokepoint {

namespace {

/// Index of the highest net benefit other than `skip`; ties go to the
/// lowest index, so "do nothing" (0) wins a tie with any policy.
std::size_t best_candidate(const std::vector<CandidateAtDraw>& draw, std::size_t skip) {
  std::size_t best = draw.size();
  for (std::size_t c = 0; c < draw.size(); ++c) {
    if (c == skip) continue;
    if (best == draw.size() || draw[c].net_benefit > draw[best].net_benefit) best = c;
  }
  return best;
}

void check_shape(const std::vector<std::vector<CandidateAtDraw>>& draws) {
  if (draws.empty()) throw std::invalid_argument("policy_robustness: no draws");
  const std::size_t candidates = draws[0].size();
  if (candidates == 0) throw std::invalid_argument("policy_robustness: no candidates");
  for (std::size_t j = 0; j < draws.size(); ++j) {
    if (draws[j].size() != candidates) {
      throw std::invalid_argument("policy_robustness: draw " + std::to_string(j) + " has " +
                                  std::to_string(draws[j].size()) + " candidates, draw 0 has " +
                                  std::to_string(candidates));
    }
    for (std::size_t c = 1; c < candidates; ++c) {
      if (draws[j][c].batch_net_benefit.size() != draws[j][0].batch_net_benefit.size()) {
        throw std::invalid_argument("policy_robustness: at draw " + std::to_string(j) + ", candidate " +
                                    std::to_string(c) + " has " + std::to_string(draws[j][c].batch_net_benefit.size()) +
                                    " batch values, candidate 0 has " +
                                    std::to_string(draws[j][0].batch_net_benefit.size()));
      }
    }
  }
}

}  // namespace

RobustnessSummary policy_robustness(const std::vector<std::vector<CandidateAtDraw>>& draws) {
  check_shape(draws);
  const std::size_t candidates = draws[0].size();
  const std::size_t none = candidates;  // skip nothing
  std::vector<std::uint64_t> wins(candidates, 0);
  std::vector<std::vector<double>> regrets(candidates);
  std::vector<double> net_benefit_sums(candidates, 0.0);
  double best_sum = 0.0;
  std::size_t unresolved = 0;

  for (const std::vector<CandidateAtDraw>& draw : draws) {
    const std::size_t best = best_candidate(draw, none);
    ++wins[best];
    best_sum += draw[best].net_benefit;
    for (std::size_t c = 0; c < candidates; ++c) {
      regrets[c].push_back(draw[best].net_benefit - draw[c].net_benefit);
      net_benefit_sums[c] += draw[c].net_benefit;
    }
    if (candidates < 2) continue;
    // The leader is resolved when the paired interval of its lead over the
    // runner-up excludes 0; with fewer than two batches there is no
    // interval, and nothing shows the lead is more than noise.
    const std::size_t second = best_candidate(draw, best);
    const std::optional<Interval> lead =
        paired_batch_interval(draw[best].net_benefit - draw[second].net_benefit, draw[second].batch_net_benefit,
                              draw[best].batch_net_benefit);
    if (!lead || (lead->first <= 0.0 && 0.0 <= lead->second)) ++unresolved;
  }

  const auto j = static_cast<double>(draws.size());
  RobustnessSummary out;
  double best_mean = 0.0;
  for (std::size_t c = 0; c < candidates; ++c) {
    CandidateRobustness r;
    r.p_best = {static_cast<double>(wins[c]) / j, wilson_interval(wins[c], draws.size())};
    double regret_sum = 0.0;
    for (const double v : regrets[c]) regret_sum += v;
    r.mean_regret = regret_sum / j;
    std::sort(regrets[c].begin(), regrets[c].end());
    r.p90_regret = type7_quantile(regrets[c], 0.9);
    r.mean_net_benefit = net_benefit_sums[c] / j;
    best_mean = c == 0 ? r.mean_net_benefit : std::max(best_mean, r.mean_net_benefit);
    out.candidates.push_back(std::move(r));
  }
  out.evpi = best_sum / j - best_mean;
  out.unresolved_share = static_cast<double>(unresolved) / j;
  return out;
}

}  // namespace chokepoint
