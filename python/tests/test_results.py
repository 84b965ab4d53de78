"""Results: each DataFrame against the kept scenarios, computed independently."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

import chokepoint

N = 6000


@pytest.fixture(scope="module")
def demo(root) -> chokepoint.Results:
    return chokepoint.load(root / "scenarios/demo.json").run(N, seed=4, keep_scenarios=True)


def test_kept_scenarios_are_the_study_scenarios(demo):
    values = demo.scenarios
    assert values.shape == (N, len(demo.outputs))
    assert demo.outputs == list(demo.metrics.index)
    assert np.array_equal(demo.scenario_weights, np.ones(N))
    for k, name in enumerate(demo.outputs):
        row = demo.metrics.loc[name]
        column = values[:, k]
        # Exact sums in the engine; math.fsum here: the same correctly rounded mean.
        assert row["mean"] == pytest.approx(math.fsum(column) / N, rel=1e-12, abs=1e-12), name
        assert row["min"] == column.min() and row["max"] == column.max(), name
        assert row["p_positive"] == np.count_nonzero(column > 0) / N, name
        assert row["count"] == N


def test_metrics_columns_and_intervals(demo):
    m = demo.metrics.loc["loss_total"]
    z = NormalDist().inv_cdf(0.975)  # the 95% interval's 1.96
    assert m["mean_ci_low"] == pytest.approx(m["mean"] - z * m["se"], rel=1e-12)
    assert m["mean_ci_high"] == pytest.approx(m["mean"] + z * m["se"], rel=1e-12)
    quantiles = [m[c] for c in ("q50", "q75", "q90", "q95", "q99", "q99_5", "q99_9")]
    assert quantiles == sorted(quantiles)
    assert m["var95"] == m["q95"] and m["var99"] == m["q99"]
    assert m["cvar99"] >= m["var99"] and m["cvar95"] >= m["var95"]
    # Fewer than 19,200 scenarios: no batch holds 30 scenarios beyond VaR 0.95
    # (nor 0.99), so results.json gives no CVaR interval (docs/RESULTS.md),
    # which the DataFrame shows as NaN.
    assert N < 19_200
    for level in ("cvar95", "cvar99"):
        assert math.isnan(m[level + "_ci_low"]) and math.isnan(m[level + "_ci_high"])


def test_exceedance_is_the_fraction_of_scenarios_above_each_x(demo):
    loss = demo.scenarios[:, demo.outputs.index("loss_total")]
    curve = demo.exceedance("loss_total")
    assert list(curve.columns) == ["x", "p_exceed"]
    for x, p in curve.itertuples(index=False):
        assert p == pytest.approx(np.count_nonzero(loss > x) / N, abs=1e-15), x


def test_worst_scenarios_are_the_largest_losses(demo):
    loss = demo.scenarios[:, demo.outputs.index("loss_total")]
    worst = demo.worst
    order = np.argsort(-loss, kind="stable")
    assert list(worst["loss_total"]) == list(loss[order[: len(worst)]])
    first = worst.iloc[0]
    for name in demo.outputs:
        if name.startswith("loss.") or name.startswith("starts."):
            assert first[name] == demo.scenarios[int(first["scenario"]), demo.outputs.index(name)], name


def test_fan_chart_and_tail(demo):
    sector = demo.json["fan_charts"][0]["sector"]
    fan = demo.fan_chart(sector)
    assert len(fan) == demo.json["study"]["horizon_weeks"]
    assert (fan["q50"] <= fan["q90"]).all() and (fan["q90"] <= fan["q99"]).all()
    tail = demo.tail
    assert set(tail["kind"]) == {"sector_mean_loss", "event_lift"}
    assert tail.attrs["metric"] == "loss_total" and tail.attrs["alpha"] == 0.99


def test_fan_chart_among_scenarios_short(demo):
    """The share short and the percentiles among the scenarios short, against the kept scenarios and each other."""
    for sector in (f["sector"] for f in demo.json["fan_charts"]):
        fan = demo.fan_chart(sector)
        assert list(fan.columns) == ["q50", "q90", "q99", "p_short", "q50_short", "q90_short", "q99_short"]
        short = fan["p_short"] * N
        # Plain Monte Carlo: the share is a whole number of scenarios over N.
        assert np.allclose(short, np.round(short), rtol=0, atol=1e-9), sector
        # A scenario short in some week has a positive peak ratio, so the share
        # short in any one week is at most P(peak > 0), and that is at most
        # the sum over the weeks.
        peak = demo.scenarios[:, demo.outputs.index(f"peak_shortfall.{sector}")]
        any_week = np.count_nonzero(peak > 0) / N
        assert fan["p_short"].max() <= any_week + 1e-12 <= fan["p_short"].sum() + 2e-12, sector
        none = fan["p_short"] == 0
        for q, level in (("q50", 0.5), ("q90", 0.9), ("q99", 0.99)):
            # No percentile among no scenarios; otherwise dropping the zeros
            # can only raise a percentile, and one over all scenarios is zero
            # exactly when at least its rank of scenarios is not short.
            assert fan.loc[none, q + "_short"].isna().all(), (sector, q)
            assert (fan.loc[~none, q + "_short"] > 0).all(), (sector, q)
            assert (fan.loc[~none, q + "_short"] >= fan.loc[~none, q]).all(), (sector, q)
            rank = math.ceil(level * N)  # the rank of the quantile (docs/RESULTS.md)
            assert ((fan[q] == 0) == (N - np.round(short) >= rank)).all(), (sector, q)
        assert (fan["q50_short"].dropna() <= fan["q90_short"].dropna()).all()
        assert (fan["q90_short"].dropna() <= fan["q99_short"].dropna()).all()
    # The demo's shortfalls are rare: somewhere a week is short while even
    # the 99th percentile over all scenarios is zero (why the report draws
    # the percentiles among the scenarios short).
    assert any(((fan_q["q99"] == 0) & (fan_q["p_short"] > 0)).any()
               for fan_q in (demo.fan_chart(f["sector"]) for f in demo.json["fan_charts"]))


def test_unknown_names_suggest_the_closest(demo):
    with pytest.raises(chokepoint.InputError, match='unknown metric "loss_totl"; did you mean "loss_total"'):
        demo.exceedance("loss_totl")
    with pytest.raises(chokepoint.InputError, match='unknown sector "nowhere"; known: '):
        demo.fan_chart("nowhere")


def test_keep_scenarios_is_refused_above_the_memory_limit(root):
    model = chokepoint.load(root / "scenarios/demo.json")
    with pytest.raises(chokepoint.InputError, match=r"keep_scenarios: 1000000000 scenarios x \d+ outputs need .* GiB, "
                                                    r"above the limit of 2 GiB; at most \d+ scenarios"):
        model.run(10**9, keep_scenarios=True)


def test_importance_sampling_keeps_each_weight(root):
    results = chokepoint.load(root / "scenarios/demo.json").run(3000, importance="auto", keep_scenarios=True)
    weights = results.scenario_weights
    assert weights.shape == (3000,) and (weights > 0).all() and not np.all(weights == 1)
    loss = results.scenarios[:, results.outputs.index("loss_total")]
    # The self-normalised mean of docs/RESULTS.md, from the weights (units are rounded to 2^-24).
    assert results.metrics.loc["loss_total", "mean"] == pytest.approx(np.sum(weights * loss) / np.sum(weights), rel=1e-6)
