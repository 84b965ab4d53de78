"""The module gives the CLI's bytes: the same engine functions, the same files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

import chokepoint

DEMO = "scenarios/demo.json"
COUPLED = "scenarios/strategic_industries.json"


def cli_results(cli, tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / "cli"
    cli("run", *args, "--out", out, "--quiet")
    return (out / "results.json").read_bytes()


@pytest.mark.parametrize(
    "model_file, n, seed, policy, stress",
    [
        (DEMO, 3000, 7, None, None),
        (DEMO, 2000, 3, "lng_buffer", "hormuz_w4_13w"),
        (COUPLED, 1500, 11, None, None),
    ],
)
def test_results_json_is_byte_identical_to_the_cli(cli, root, tmp_path, model_file, n, seed, policy, stress):
    args = [model_file, "-n", str(n), "--seed", str(seed)]
    args += ["--policy", policy] if policy else []
    args += ["--stress", stress] if stress else []
    expected = cli_results(cli, tmp_path, *args)
    results = chokepoint.load(root / model_file).run(n, seed=seed, policy=policy, stress=stress)
    results.to_json(tmp_path / "results.json")
    assert (tmp_path / "results.json").read_bytes() == expected


def test_importance_sampling_matches_the_cli(cli, root, tmp_path):
    expected = cli_results(cli, tmp_path, DEMO, "-n", "2000", "--importance", "auto")
    results = chokepoint.load(root / DEMO).run(2000, importance="auto")
    results.to_json(tmp_path / "results.json")
    assert (tmp_path / "results.json").read_bytes() == expected


def test_threads_and_backends_give_the_same_bytes(root, tmp_path):
    model = chokepoint.load(root / DEMO)
    one = model.run(4000, seed=5, threads=1, backend="cpu").json
    assert model.run(4000, seed=5, threads=2, backend="cpu").json == one
    built = chokepoint.backends()
    if built.query("name == 'kokkos' and usable").shape[0]:
        assert model.run(4000, seed=5, backend="kokkos").json == one


def test_save_writes_the_cli_folder(cli, root, tmp_path):
    cli("run", DEMO, "-n", "1000", "--out", tmp_path / "cli", "--quiet")
    chokepoint.load(root / DEMO).run(1000).save(tmp_path / "py")
    for name in ("results.json", "quantiles.csv", "exceedance.csv", "fan_chart.csv", "worst.csv", "tail.csv"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert (tmp_path / "py" / "manifest.json").exists()


def test_compare_matches_the_cli(cli, root, tmp_path):
    cli("compare", DEMO, "-n", "2000", "--policies", "lng_buffer,photoresist_stockpile", "--stress", "none",
        "--out", tmp_path, "--quiet")
    frame = chokepoint.load(root / DEMO).compare(2000, policies=["lng_buffer", "photoresist_stockpile"], stress="none")
    expected = pd.read_csv(tmp_path / "comparison.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(frame, expected)
    assert frame.attrs["comparison"] == json.loads((tmp_path / "comparison.json").read_text())
    assert set(frame["id"]) == {"lng_buffer", "photoresist_stockpile"}


def test_replay_matches_the_cli(cli, root):
    expected = cli("replay", DEMO, "--scenario", "42", "--seed", "3", "--stress", "blockade_w10_26w", "--csv").stdout
    frame = chokepoint.load(root / DEMO).replay(42, seed=3, stress="blockade_w10_26w")
    pd.testing.assert_frame_equal(frame, pd.read_csv(io.StringIO(expected), keep_default_na=False, na_values=[""]))
    assert list(frame["week"]) == list(range(len(frame)))


def test_info_and_synth_match_the_cli(cli, root, monkeypatch):
    monkeypatch.chdir(root)  # info names the file as given, and the CLI runs in the root
    assert chokepoint.load(DEMO).info(policy="lng_buffer") == cli("info", DEMO, "--policy", "lng_buffer").stdout
    model = chokepoint.synth(nodes=40, events=12, weeks=52, seed=9)
    assert model.text == cli("synth", "--nodes", "40", "--events", "12", "--weeks", "52", "--seed", "9").stdout


def test_backends_lists_the_cli_backends(cli):
    frame = chokepoint.backends()
    assert list(frame.columns) == ["name", "built", "usable", "detail"]
    text = cli("info", "--backends").stdout
    for row in frame.itertuples():
        assert row.detail in text
    assert frame.iloc[0]["name"] == "cpu" and frame.iloc[0]["usable"]
