"""Model.uncertainty: the CLI's uncertainty.json byte for byte, tables with exact answers, errors, run control."""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from pathlib import Path

import pytest

import chokepoint
from conftest import count_while

ENERGY = "scenarios/energy.json"


def one_rate_model() -> dict:
    """One node (demand 1 of capacity 10, unit value 1) and one event that takes all of it for
    one week, at a yearly rate k = the factor, uniform(0.5, 3) (base 1). Every week is a
    Bernoulli(1 - e^{-k/52}) outage losing 1: E[loss_total] = 52 (1 - e^{-k/52}) and
    P(loss_total > 0) = 1 - e^{-k}. The policy removes the loss for a cost of 1.5."""
    return {
        "format": "chokepoint/1",
        "name": "one-rate",
        "horizon_weeks": 52,
        "nodes": [{"id": "a", "sector": "s", "capacity": 10, "unit_value": 1, "final_demand": {"base": 1}}],
        "events": [{"id": "ea", "annual_rate": 1, "duration_weeks": 1, "effects": [{"node": "a", "capacity_loss": 1}]}],
        "policies": [{"id": "harden_a", "annual_cost": 1.5,
                      "changes": [{"event": "ea", "effect": "a", "field": "capacity_loss", "set": 0}]}],
        "uncertain": [{"id": "rate_a", "label": "Rate of ea",
                       "changes": [{"event": "ea", "field": "annual_rate",
                                    "scale": {"dist": "uniform", "low": 0.5, "high": 3}}]}],
    }


@pytest.fixture(scope="module")
def one_rate(tmp_path_factory: pytest.TempPathFactory) -> tuple[chokepoint.Model, Path]:
    """The model from a dict, and the same text as a file for the CLI."""
    model = chokepoint.Model.from_dict(one_rate_model(), name="one-rate.json")
    path = tmp_path_factory.mktemp("one-rate") / "one-rate.json"
    path.write_text(model.text)
    return model, path


@pytest.mark.parametrize(
    "method, args, kwargs",
    [
        ("tornado", ["-n", "400", "--seed", "3"], {"n": 400, "seed": 3}),
        ("sobol", ["-n", "300", "--rows", "4", "--seed", "5", "--statistic", "cvar99"],
         {"n": 300, "rows": 4, "seed": 5, "statistic": "cvar99"}),
        ("robustness", ["-n", "300", "--draws", "4", "--seed", "7"], {"n": 300, "draws": 4, "seed": 7}),
    ],
)
def test_uncertainty_json_is_byte_identical_to_the_cli(cli, root, tmp_path, method, args, kwargs):
    cli("uncertainty", ENERGY, "--method", method, *args, "--threads", "2", "--out", tmp_path / "cli", "--quiet")
    analysis = chokepoint.load(root / ENERGY).uncertainty(method, threads=1, **kwargs)
    analysis.save(tmp_path / "py")
    for name in ("uncertainty.json", f"{method}.csv"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    analysis.to_json(tmp_path / "alone.json")
    assert (tmp_path / "alone.json").read_bytes() == (tmp_path / "cli" / "uncertainty.json").read_bytes()


def test_a_model_from_a_dict_gives_the_bytes_of_its_file(cli, one_rate, tmp_path):
    model, path = one_rate
    cli("uncertainty", path, "--method", "sobol", "-n", "500", "--rows", "8", "--out", tmp_path / "cli", "--quiet")
    model.uncertainty("sobol", n=500, rows=8).to_json(tmp_path / "py.json")
    assert (tmp_path / "py.json").read_bytes() == (tmp_path / "cli" / "uncertainty.json").read_bytes()


def test_tornado_values_match_the_closed_form(one_rate):
    model, _ = one_rate
    n = 20_000
    tornado = model.uncertainty("tornado", n=n, seed=2).tornado
    row = tornado.loc["rate_a"]
    for end, q in (("low", 0.05), ("high", 0.95)):
        k = 0.5 + 2.5 * q  # the factor's quantile scales the base rate 1
        p = 1 - math.exp(-k / 52)
        se = math.sqrt(52 * p * (1 - p) / n)
        assert row[f"{end}_quantile"] == q
        assert row[f"{end}_value"] == pytest.approx(52 * p, abs=4 * se)  # 4 standard errors
        assert row[f"{end}_difference_ci_low"] < row[f"{end}_difference"] < row[f"{end}_difference_ci_high"]
    assert list(tornado.columns[:3]) == ["label", "low_quantile", "low_value"]


def test_sobol_tables_band_and_exceedance(one_rate):
    model, _ = one_rate
    analysis = model.uncertainty("sobol", n=2000, rows=64, seed=4)
    indices = analysis.indices
    # One factor: it carries all the variance (S1 = ST = 1), within the bootstrap noise.
    assert indices.loc["rate_a", "first_order"] == pytest.approx(1.0, abs=0.1)
    assert indices.loc["rate_a", "total"] == pytest.approx(1.0, abs=0.1)
    assert analysis.tornado is None and analysis.policies is None
    band = analysis.epistemic
    assert band["p5"] < band["p50"] < band["p95"]
    curves = analysis.epistemic_exceedance
    assert list(curves.columns) == ["x", "p5", "p50", "p95"]
    # P(loss_total > 0) = 1 - e^{-k} at x = 0; its median across draws is at k(0.5) = 1.75
    # (tolerance 0.03: 128 quasi-random draws and a Monte Carlo se of at most 0.011 per draw).
    assert curves.loc[0, "x"] == 0.0
    assert curves.loc[0, "p50"] == pytest.approx(1 - math.exp(-1.75), abs=0.03)
    assert analysis.noise_to_signal is not None and analysis.evpi is None


def test_robustness_table_matches_the_closed_form(one_rate):
    model, _ = one_rate
    analysis = model.uncertainty("robustness", n=2000, draws=128, seed=7)
    policies = analysis.policies
    assert list(policies.index) == ["do_nothing", "harden_a"]
    # harden_a wins where 52 (1 - e^{-k/52}) > 1.5, i.e. k > k* = -52 ln(1 - 1.5/52), k ~ uniform(0.5, 3).
    k_star = -52 * math.log(1 - 1.5 / 52)
    p_best = (3 - k_star) / 2.5
    row = policies.loc["harden_a"]
    assert row["p_best"] == pytest.approx(p_best, abs=0.04)  # as tests/uncertainty_test.cc argues
    assert row["p_best_ci_low"] <= p_best <= row["p_best_ci_high"]
    assert policies.loc["do_nothing", "p_best"] == pytest.approx(1 - row["p_best"])
    assert row["cost_over_horizon"] == 1.5
    assert analysis.evpi is not None and analysis.unresolved_share is not None
    assert analysis.epistemic is not None  # the baseline's spread across the draws


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"method": "morris"}, "method: expected tornado, sobol or robustness, got 'morris'"),
        ({"statistic": "median"}, "statistic: expected mean or cvar99, got 'median'"),
        ({"n": 1}, "n: expected a whole number from 2 to 2^40, got 1"),
        ({"rows": 1}, "rows: expected a whole number from 2 to 2^20, got 1"),
        ({"draws": 0}, "draws: expected a whole number from 1 to 2^20, got 0"),
        ({"low_quantile": 0.6, "high_quantile": 0.4},
         "the factor ends must satisfy 0 < low < high < 1, got 0.6 and 0.4"),
        ({"metric": "loss_totl"}, '--metric: unknown output "loss_totl"'),
        ({"threads": 0}, "threads: expected 1 to 4096, got 0"),
    ],
)
def test_bad_options_raise_input_error(one_rate, kwargs, message):
    model, _ = one_rate
    with pytest.raises(chokepoint.InputError) as error:
        model.uncertainty(**{"n": 100, **kwargs})
    assert str(error.value).startswith(message)


def test_files_without_factors_or_policies_are_refused(root):
    demo = chokepoint.load(root / "scenarios/demo.json")
    with pytest.raises(chokepoint.InputError, match="declares no uncertain factors"):
        demo.uncertainty("tornado", n=100)
    no_policy = one_rate_model()
    del no_policy["policies"]
    with pytest.raises(chokepoint.InputError, match="--method robustness ranks policies, and this file defines none"):
        chokepoint.Model.from_dict(no_policy).uncertainty("robustness", n=100)


def test_another_python_thread_progresses_during_an_analysis(one_rate):
    model, _ = one_rate
    # No progress callback: the analysis never takes the GIL.
    assert count_while(lambda: model.uncertainty("sobol", n=20_000, rows=8, threads=1)) > 10_000


def test_ctrl_c_stops_an_analysis_between_chunks(one_rate):
    model, _ = one_rate
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        model.uncertainty("sobol", n=1000, rows=2**20)  # three million points: always interrupted
    timer.join()
    assert time.monotonic() - started < 30
    # The model is still usable and gives the same answer as before.
    first = model.uncertainty("tornado", n=200).json
    assert model.uncertainty("tornado", n=200).json == first


def test_progress_counts_scenarios_over_every_point(one_rate):
    model, _ = one_rate
    seen: list[tuple[int, int]] = []
    model.uncertainty("tornado", n=300, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3 * 300, 3 * 300)  # 2D + 1 = 3 points of 300 scenarios
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
