"""A policy model built in Python with Model.from_dict, against answers derived by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

import chokepoint
from conftest import single_node_model

RATE, ACTIVE, HORIZON, N = 3.0, 5, 52, 20_000


def weeks_short_distribution(rate: float, active: int, weeks: int) -> np.ndarray:
    """P(weeks short = w), by dynamic programming over (remaining active weeks, weeks short so far)."""
    p = 1.0 - math.exp(-rate / 52.0)
    prob = np.zeros((active, weeks + 1))
    prob[0, 0] = 1.0
    for _ in range(weeks):
        nxt = np.zeros_like(prob)
        nxt[:-1, 1:] += prob[1:, :-1]            # active: one week less to go, one more week short
        nxt[active - 1, 1:] += p * prob[0, :-1]  # idle, starts: active this week and active - 1 more
        nxt[0, :] += (1 - p) * prob[0, :]        # idle, stays idle
        prob = nxt
    return prob.sum(axis=0)


@pytest.fixture(scope="module")
def model() -> chokepoint.Model:
    return chokepoint.Model.from_dict(single_node_model(RATE, ACTIVE, HORIZON), name="single-node")


def test_the_dict_is_the_model(model):
    assert model.name == "single" and model.path == "single-node"
    assert model.policies == ["no_outage", "same"] and model.stress_tests == []


def test_every_scenario_loses_50_per_week_short(model):
    results = model.run(N, seed=3, keep_scenarios=True)
    values = results.scenarios
    loss = values[:, results.outputs.index("loss_total")]
    weeks = values[:, results.outputs.index("weeks_short.s")]
    assert np.array_equal(loss, 50.0 * weeks)


def test_weeks_short_follow_the_dynamic_programme(model):
    dist = weeks_short_distribution(RATE, ACTIVE, HORIZON)
    w = np.arange(HORIZON + 1)
    mean = float(np.sum(w * dist))
    sd = math.sqrt(float(np.sum(w * w * dist)) - mean * mean)
    m = model.run(N, seed=3).metrics.loc["weeks_short.s"]
    assert abs(m["mean"] - mean) < 4 * sd / math.sqrt(N)
    assert abs(m["p_positive"] - (1 - dist[0])) < 4 * math.sqrt(dist[0] * (1 - dist[0]) / N)


def test_the_policies_compare_as_derived(model):
    frame = model.compare(N, seed=3, policies="all")
    total = frame.set_index(["id", "metric"]).xs("loss_total", level="metric")
    baseline_mean = model.run(N, seed=3).metrics.loc["loss_total", "mean"]
    # No outage: the policy takes away the whole baseline loss.
    gone = total.loc["no_outage"]
    assert gone["variant_mean"] == 0.0
    assert gone["mean_difference"] == pytest.approx(-baseline_mean, rel=1e-12)
    cost_over_horizon = 26.0 * HORIZON / 52
    assert gone["loss_reduction_per_cost"] == pytest.approx(baseline_mean / cost_over_horizon, rel=1e-12)
    assert gone["rank"] == 1
    # A change of nothing: exactly no difference, with a zero-width interval (common random numbers).
    same = total.loc["same"]
    assert same["mean_difference"] == 0.0 and same["mean_ci_low"] == 0.0 and same["mean_ci_high"] == 0.0
    # The policy run alone matches the comparison's variant.
    assert model.run(N, seed=3, policy="no_outage").metrics.loc["loss_total", "max"] == 0.0
